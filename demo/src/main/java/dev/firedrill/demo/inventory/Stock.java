package dev.firedrill.demo.inventory;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stock on hand and reserved per item. Invariant while no call is in flight: for every item, {@code
 * onHand + reserved == initial} and {@code onHand >= 0}.
 *
 * <p>Correct behaviour: the availability check and the decrement are one atomic step. With {@code
 * racy} (the {@code oversell} bug) the check reads the stock, waits {@code window} (standing for
 * the database round trip a real service makes between the two), then decrements whatever the stock
 * has become; concurrent reservations that all passed the check drive it negative.
 */
public final class Stock {
  /** The answer to a reservation: accepted or not, and what was left on hand right after it. */
  public record Reservation(boolean accepted, String item, int quantity, int remaining) {}

  /** A consistent view: the three maps are read under one lock. */
  public record Snapshot(
      Map<String, Integer> stock, Map<String, Integer> reserved, Map<String, Integer> initial) {}

  private final Map<String, Integer> initial;
  private final Map<String, Integer> onHand;
  private final Map<String, Integer> reserved = new TreeMap<>();
  private final boolean racy;
  private final Duration window;

  public Stock(Map<String, Integer> initial, boolean racy, Duration window) {
    this.initial = Map.copyOf(initial);
    this.onHand = new TreeMap<>(initial);
    initial.keySet().forEach(item -> reserved.put(item, 0));
    this.racy = racy;
    this.window = window;
  }

  /** Whether {@code item} is stocked at all. */
  public boolean knows(String item) {
    return initial.containsKey(item);
  }

  /** Reserves {@code quantity} of a known item if that many are on hand. */
  public Reservation reserve(String item, int quantity) throws InterruptedException {
    if (!racy) {
      synchronized (this) {
        int available = onHand.get(item);
        if (available < quantity) {
          return new Reservation(false, item, quantity, available);
        }
        return new Reservation(true, item, quantity, move(item, quantity));
      }
    }
    int seen = read(item);
    if (seen < quantity) {
      return new Reservation(false, item, quantity, seen);
    }
    Thread.sleep(window);
    synchronized (this) {
      return new Reservation(true, item, quantity, move(item, quantity));
    }
  }

  /** Returns {@code quantity} reserved units of {@code item} to stock (a cancelled order). */
  public synchronized int release(String item, int quantity) {
    return move(item, -quantity);
  }

  public synchronized Snapshot snapshot() {
    return new Snapshot(new TreeMap<>(onHand), new TreeMap<>(reserved), new TreeMap<>(initial));
  }

  private synchronized int read(String item) {
    return onHand.get(item);
  }

  /** Moves units from on-hand to reserved (negative: back); returns what is left on hand. */
  private int move(String item, int quantity) {
    int left = onHand.merge(item, -quantity, Integer::sum);
    reserved.merge(item, quantity, Integer::sum);
    return left;
  }
}
