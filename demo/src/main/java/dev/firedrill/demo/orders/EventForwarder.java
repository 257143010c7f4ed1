package dev.firedrill.demo.orders;

import dev.firedrill.demo.ShopServer;
import dev.firedrill.demo.notifications.NotificationsService.EntityEvent;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Forwards per-entity events to notifications asynchronously, on {@link #SENDERS} threads at once:
 * deliveries of one entity's events race each other and may arrive in any order, as with any
 * partitioned, retried or multi-threaded delivery. Ordering is the consumer's job. Each event is
 * retried up to {@link #ATTEMPTS} times, so it may also arrive more than once.
 */
final class EventForwarder implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(EventForwarder.class.getName());
  static final int SENDERS = 8;
  static final int ATTEMPTS = 5;
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final URI url;
  private final Downstream downstream = new Downstream(TIMEOUT);
  private final ExecutorService senders =
      Executors.newFixedThreadPool(SENDERS, ShopServer.namedThreads("orders-forwarder"));

  EventForwarder(URI notificationsUrl) {
    this.url = URI.create(notificationsUrl + "/notifications");
  }

  /** Queues {@code event} for delivery and returns at once. */
  void forward(EntityEvent event) {
    senders.execute(() -> deliver(event));
  }

  private void deliver(EntityEvent event) {
    String lastFailure = "";
    try {
      for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
        try {
          HttpResponse<byte[]> response = downstream.post(url, event, Map.of(), TIMEOUT);
          if (response.statusCode() / 100 == 2 || response.statusCode() / 100 == 4) {
            return;
          }
          lastFailure = "notifications answered " + response.statusCode();
        } catch (IOException e) {
          lastFailure = e.toString();
        }
        Thread.sleep(100L * attempt);
      }
      LOG.log(Level.WARNING, "event " + event + " not delivered: " + lastFailure);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    senders.shutdownNow();
  }
}
