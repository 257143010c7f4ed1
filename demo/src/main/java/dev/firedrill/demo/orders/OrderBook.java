package dev.firedrill.demo.orders;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The source of truth for orders: the orders by id and the append-only log of their events.
 * Recording an order appends exactly one event. In memory: a restart loses both.
 */
final class OrderBook {
  private final Map<String, OrderView> orders = new TreeMap<>();
  private final List<OrderEvent> log = new ArrayList<>();

  /** Records a new order unless one with this id exists; returns the order now held. */
  synchronized OrderView record(String orderId, OrderView order) {
    OrderView existing = orders.putIfAbsent(orderId, order);
    if (existing != null) {
      return existing;
    }
    log.add(new OrderEvent(log.size() + 1, orderId, order));
    notifyAll();
    return order;
  }

  synchronized Optional<OrderView> find(String orderId) {
    return Optional.ofNullable(orders.get(orderId));
  }

  synchronized OrdersView view() {
    return new OrdersView(log.size(), new TreeMap<>(orders));
  }

  /** The event at {@code offset}, waiting up to {@code timeoutMillis} for it to be appended. */
  synchronized Optional<OrderEvent> await(long offset, long timeoutMillis)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (log.size() < offset) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        return Optional.empty();
      }
      wait(left);
    }
    return Optional.of(log.get((int) offset - 1));
  }
}
