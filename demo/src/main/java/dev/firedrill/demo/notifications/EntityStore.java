package dev.firedrill.demo.notifications;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest state of each entity, built from per-entity events that carry a sequence number (1, 2,
 * 3, ... per entity; higher is newer). Deliveries may arrive in any order and more than once.
 *
 * <p>Correct behaviour: an event is applied only if its sequence is above the entity's current one;
 * older and repeated events are acknowledged and ignored, so the applied sequence never goes
 * backwards. With {@code applyAsArrived} (the {@code out-of-order} bug) every event overwrites the
 * state, so a late event rolls the entity back.
 */
public final class EntityStore {
  /** At most this many applied sequence numbers are kept per entity. */
  static final int APPLIED_KEPT = 1000;

  /**
   * A read of one entity.
   *
   * @param seq the sequence of the event the state comes from
   * @param applied the sequences in the order they were applied (the last {@value #APPLIED_KEPT})
   * @param ignored how many deliveries were stale or repeated and so ignored
   * @param regressions how many applied events had a lower sequence than the one before them
   */
  public record EntityState(
      String entityId,
      long seq,
      String payload,
      List<Long> applied,
      long ignored,
      long regressions) {}

  /** The answer to one delivery: whether it changed the state, and the current sequence. */
  public record Delivery(String entityId, long seq, boolean applied, long current) {}

  private static final class Entity {
    long seq;
    String payload;
    final List<Long> applied = new ArrayList<>();
    long ignored;
    long regressions;
  }

  private final boolean applyAsArrived;
  private final Map<String, Entity> entities = new ConcurrentHashMap<>();

  public EntityStore(boolean applyAsArrived) {
    this.applyAsArrived = applyAsArrived;
  }

  /** Applies one delivery of event {@code seq} of {@code entityId}. */
  public Delivery deliver(String entityId, long seq, String payload) {
    Entity entity = entities.computeIfAbsent(entityId, id -> new Entity());
    synchronized (entity) {
      if (!applyAsArrived && seq <= entity.seq) {
        entity.ignored++;
        return new Delivery(entityId, seq, false, entity.seq);
      }
      if (seq < entity.seq) {
        entity.regressions++;
      }
      entity.seq = seq;
      entity.payload = payload;
      entity.applied.add(seq);
      if (entity.applied.size() > APPLIED_KEPT) {
        entity.applied.remove(0);
      }
      return new Delivery(entityId, seq, true, entity.seq);
    }
  }

  /** The state of one entity, or null when no event of it was ever applied. */
  public EntityState read(String entityId) {
    Entity entity = entities.get(entityId);
    if (entity == null) {
      return null;
    }
    synchronized (entity) {
      return new EntityState(
          entityId,
          entity.seq,
          entity.payload,
          List.copyOf(entity.applied),
          entity.ignored,
          entity.regressions);
    }
  }

  /** Every entity, by id. */
  public Map<String, EntityState> readAll() {
    Map<String, EntityState> all = new TreeMap<>();
    entities.keySet().forEach(id -> all.put(id, read(id)));
    return all;
  }
}
