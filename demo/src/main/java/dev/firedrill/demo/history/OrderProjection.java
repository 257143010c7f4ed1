package dev.firedrill.demo.history;

import dev.firedrill.demo.orders.OrderEvent;
import dev.firedrill.demo.orders.OrderView;
import dev.firedrill.demo.orders.OrdersView;
import java.util.Map;
import java.util.TreeMap;

/**
 * The order-history projection: the orders log applied in offset order. An event at the next offset
 * is applied; an event at or below the last applied offset is a repeat and is acknowledged without
 * effect; an event beyond the next offset is refused (a gap), and the answer tells the publisher
 * where to resume. The projection therefore never skips an event: it is either equal to a prefix of
 * the source log or waits.
 */
public final class OrderProjection {
  /** The answer to a pushed event: the offset to resume after, and whether the event was new. */
  public record Ack(long lastOffset, boolean applied, boolean gap) {}

  private final Map<String, OrderView> orders = new TreeMap<>();
  private long lastOffset;

  public synchronized Ack apply(OrderEvent event) {
    if (event.offset() <= lastOffset) {
      return new Ack(lastOffset, false, false);
    }
    if (event.offset() > lastOffset + 1) {
      return new Ack(lastOffset, false, true);
    }
    orders.put(event.orderId(), event.order());
    lastOffset = event.offset();
    return new Ack(lastOffset, true, false);
  }

  public synchronized OrdersView view() {
    return new OrdersView(lastOffset, new TreeMap<>(orders));
  }
}
