package dev.firedrill.check.checker;

import dev.firedrill.check.history.History;
import dev.firedrill.check.history.Op;
import dev.firedrill.check.history.Operation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * No duplicates: each write takes effect at most once.
 *
 * <p>Ops: writes ({@code add}, {@code enqueue}, {@code append}, {@code write}), and {@code read}
 * whose ok value is the list of effects stored under the op's key. Terms:
 *
 * <ul>
 *   <li><b>effect</b>: one element of a read's list. Its <b>identity</b> is its {@code
 *       idempotencyKey} field when the element is a map with one, else the element itself (the
 *       workload then writes unique elements).
 *   <li><b>duplicate</b>: an identity that occurs more than once in one read: one request was
 *       applied twice (a retry that was not deduplicated). INVALID, with the read and the writes
 *       that carry that identity (by idempotency key or value).
 *   <li>With writes but no ok read there is nothing to count: UNKNOWN ({@code no-final-read}).
 * </ul>
 */
public record NoDuplicates() implements Checker {

  @Override
  public String name() {
    return "no-duplicates";
  }

  @Override
  public Result check(History history) {
    List<Operation> writes = history.clientOperations("add", "enqueue", "append", "write");
    List<Anomaly> anomalies = new ArrayList<>();
    long reads = 0;
    long duplicates = 0;
    for (Operation r : history.clientOperations("read")) {
      if (!r.ok() || !(r.value() instanceof Collection<?> effects)) {
        continue;
      }
      reads++;
      Map<Object, Integer> counts = new LinkedHashMap<>();
      for (Object effect : effects) {
        counts.merge(identity(effect), 1, Integer::sum);
      }
      for (Map.Entry<Object, Integer> e : counts.entrySet()) {
        if (e.getValue() > 1) {
          duplicates++;
          if (anomalies.size() < NoLostWrites.MAX_LISTED) {
            anomalies.add(duplicate(r, e.getKey(), e.getValue(), writes));
          }
        }
      }
    }
    if (reads == 0 && !writes.isEmpty()) {
      anomalies.add(
          Anomaly.unknown(
              "no-final-read",
              null,
              writes.size() + " write(s) but no ok read: nothing shows how often they applied",
              List.of()));
    }
    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put("writes", writes.size());
    stats.put("reads", reads);
    stats.put("duplicates", duplicates);
    return Result.of(name(), anomalies, stats);
  }

  static Object identity(Object effect) {
    if (effect instanceof Map<?, ?> m && m.get("idempotencyKey") != null) {
      return m.get("idempotencyKey");
    }
    return effect;
  }

  private static Anomaly duplicate(Operation read, Object id, int times, List<Operation> writes) {
    List<Op> ops = new ArrayList<>();
    for (Operation w : writes) {
      if (Objects.equals(read.key(), w.key())
          && (id.equals(w.idempotencyKey()) || id.equals(w.invoke().value()))) {
        ops.add(w.invoke());
      }
    }
    ops.add(read.completion());
    return Anomaly.invalid(
            "duplicate",
            read.key(),
            Explain.keyed(read.key())
                + id
                + " took effect "
                + times
                + " times in "
                + Explain.op(read.completion())
                + (ops.size() > 1 ? "; written by " + Explain.op(ops.get(0)) : ""),
            ops)
        .with(Map.of("identity", id, "times", times));
  }
}
