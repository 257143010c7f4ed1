package dev.firedrill.demo.notifications;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Each entity's timeline: its events in the order the shop shows them ("paid", then "shipped").
 * Deliveries arrive in any order and more than once; a repeat of a sequence number is kept once.
 *
 * <p>Correct behaviour: the timeline is in per-entity sequence order, which the producer of the
 * events assigns and no clock can reorder. With {@code byWallClock} (the {@code clock-order} bug)
 * it is in the order of the wall-clock stamps orders put on the events ({@code at}; arrival order
 * breaks ties): right while orders' clock runs true, wrong as soon as it jumps back, when every
 * later event is stamped before the earlier ones and goes first.
 */
public final class Timeline {
  /** At most this many events are kept per entity. */
  static final int KEPT = 1000;

  /**
   * A read of one entity's timeline.
   *
   * @param events the sequence numbers in timeline order
   * @param stamps the wall-clock stamps of those events (epoch ms; 0 when unstamped)
   */
  public record View(String entityId, List<Long> events, List<Long> stamps) {}

  private record Event(long seq, long at, long arrival) {}

  private final boolean byWallClock;
  private final Map<String, List<Event>> entities = new ConcurrentHashMap<>();
  private final AtomicLong arrivals = new AtomicLong();

  public Timeline(boolean byWallClock) {
    this.byWallClock = byWallClock;
  }

  /** Adds one delivery of event {@code seq}, stamped {@code at} (null: unstamped). */
  public void add(String entityId, long seq, Long at) {
    List<Event> events = entities.computeIfAbsent(entityId, id -> new ArrayList<>());
    synchronized (events) {
      if (events.stream().anyMatch(e -> e.seq() == seq)) {
        return;
      }
      events.add(new Event(seq, at == null ? 0 : at, arrivals.getAndIncrement()));
      if (events.size() > KEPT) {
        events.removeFirst();
      }
    }
  }

  /** The entity's timeline, or null when none of its events arrived. */
  public View read(String entityId) {
    List<Event> events = entities.get(entityId);
    if (events == null) {
      return null;
    }
    List<Event> sorted;
    synchronized (events) {
      sorted = new ArrayList<>(events);
    }
    sorted.sort(
        byWallClock
            ? Comparator.comparingLong(Event::at).thenComparingLong(Event::arrival)
            : Comparator.comparingLong(Event::seq));
    return new View(
        entityId,
        sorted.stream().map(Event::seq).toList(),
        sorted.stream().map(Event::at).toList());
  }
}
