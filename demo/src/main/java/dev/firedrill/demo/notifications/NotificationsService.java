package dev.firedrill.demo.notifications;

import dev.firedrill.demo.Bug;
import dev.firedrill.demo.ShopOptions;
import dev.firedrill.demo.ShopServer;
import dev.firedrill.demo.ShopServer.Request;
import dev.firedrill.demo.ShopServer.Response;
import java.io.IOException;
import java.util.Map;

/**
 * The notifications service: the consumer of per-entity events that orders forwards. {@code POST
 * /notifications} delivers one event; {@code GET /entities/{id}} reads an entity's current sequence
 * and the order events were applied in; {@code GET /timeline/{id}} the entity's timeline ({@link
 * Timeline}). State is in memory: a restart forgets entities.
 */
public final class NotificationsService {
  /**
   * One per-entity event, as sent to orders {@code POST /events} and forwarded here.
   *
   * @param at when orders received it, by orders' wall clock (epoch ms); null when sent to orders
   */
  public record EntityEvent(String entityId, long seq, String payload, Long at) {
    public EntityEvent(String entityId, long seq, String payload) {
      this(entityId, seq, payload, null);
    }
  }

  private NotificationsService() {}

  /**
   * Builds the server (not started). Holds the {@code out-of-order} and {@code clock-order} bugs.
   */
  public static ShopServer create(ShopOptions options) throws IOException {
    EntityStore store = new EntityStore(options.has(Bug.OUT_OF_ORDER));
    Timeline timeline = new Timeline(options.has(Bug.CLOCK_ORDER));
    ShopServer server = new ShopServer(options, 16);
    server.route("POST", "/notifications", request -> deliver(store, timeline, request));
    server.route("GET", "/entities", request -> Response.ok(Map.of("entities", store.readAll())));
    server.route("GET", "/entities/{id}", request -> read(store, request));
    server.route("GET", "/timeline/{id}", request -> timeline(timeline, request));
    return server;
  }

  private static Response deliver(EntityStore store, Timeline timeline, Request request) {
    EntityEvent event = request.body(EntityEvent.class);
    if (event.entityId() == null || event.entityId().isBlank() || event.seq() <= 0) {
      return Response.error(400, "entityId and a positive seq are required");
    }
    timeline.add(event.entityId(), event.seq(), event.at());
    return Response.ok(store.deliver(event.entityId(), event.seq(), event.payload()));
  }

  private static Response timeline(Timeline timeline, Request request) {
    Timeline.View view = timeline.read(request.id());
    return view == null
        ? Response.error(404, "no events for entity " + request.id())
        : Response.ok(view);
  }

  private static Response read(EntityStore store, Request request) {
    EntityStore.EntityState state = store.read(request.id());
    return state == null
        ? Response.error(404, "no events applied for entity " + request.id())
        : Response.ok(state);
  }
}
