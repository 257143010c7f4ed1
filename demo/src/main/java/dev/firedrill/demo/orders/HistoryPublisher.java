package dev.firedrill.demo.orders;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firedrill.demo.ShopJson;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Pushes the orders log to the history projection ({@code POST /history/events}), one event at a
 * time in offset order, on its own thread.
 *
 * <p>Correct behaviour (at least once): an event is retried until the projection answers; the
 * projection's answer carries its {@code lastOffset} and the publisher continues from the offset
 * after it, so it rewinds when the projection lost events (a restart) and skips what it already
 * has. When idle it re-sends the last event every {@link #IDLE_RESEND}, which is how a restarted
 * projection is noticed without new orders.
 *
 * <p>With {@code fireAndForget} (the {@code projection-drops} bug): one attempt per event, the
 * answer ignored, a failure swallowed. An event that fails once is lost; the projection (which
 * applies offsets in order only) then rejects every later one, and nothing reports it.
 */
final class HistoryPublisher implements Runnable {
  private static final System.Logger LOG = System.getLogger(HistoryPublisher.class.getName());
  static final Duration IDLE_RESEND = Duration.ofSeconds(1);
  private static final Duration TIMEOUT = Duration.ofSeconds(1);
  private static final long MAX_BACKOFF_MILLIS = 500;

  private final OrderBook book;
  private final URI url;
  private final boolean fireAndForget;
  private final Downstream downstream = new Downstream(TIMEOUT);

  HistoryPublisher(OrderBook book, URI historyUrl, boolean fireAndForget) {
    this.book = book;
    this.url = URI.create(historyUrl + "/history/events");
    this.fireAndForget = fireAndForget;
  }

  @Override
  public void run() {
    try {
      if (fireAndForget) {
        publishBlind();
      } else {
        publishAtLeastOnce();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void publishBlind() throws InterruptedException {
    long next = 1;
    while (!Thread.currentThread().isInterrupted()) {
      Optional<OrderEvent> event = book.await(next, IDLE_RESEND.toMillis());
      if (event.isPresent()) {
        try {
          downstream.post(url, event.get(), Map.of(), TIMEOUT);
        } catch (IOException e) {
          // The bug: the event is gone, and nothing says so above debug level.
          LOG.log(Level.DEBUG, () -> "history event " + event.get().offset() + " lost: " + e);
        }
        next++;
      }
    }
  }

  private void publishAtLeastOnce() throws InterruptedException {
    long next = 1;
    long backoff = 25;
    while (!Thread.currentThread().isInterrupted()) {
      Optional<OrderEvent> event = book.await(next, IDLE_RESEND.toMillis());
      if (event.isEmpty() && next > 1) {
        event = book.await(next - 1, 0);
      }
      if (event.isEmpty()) {
        continue;
      }
      long projected = send(event.get());
      if (projected >= 0) {
        next = projected + 1;
        backoff = 25;
      } else {
        Thread.sleep(backoff);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
      }
    }
  }

  /** The projection's {@code lastOffset} after receiving {@code event}, or -1 on any failure. */
  private long send(OrderEvent event) throws InterruptedException {
    try {
      HttpResponse<byte[]> response = downstream.post(url, event, Map.of(), TIMEOUT);
      if (response.statusCode() != 200 && response.statusCode() != 409) {
        return -1;
      }
      JsonNode ack = ShopJson.mapper().readTree(response.body());
      return ack.path("lastOffset").asLong(-1);
    } catch (IOException e) {
      LOG.log(Level.DEBUG, () -> "history event " + event.offset() + " will be retried: " + e);
      return -1;
    }
  }
}
