package dev.firedrill.check.checker;

import dev.firedrill.check.history.History;
import dev.firedrill.check.history.HistoryColumns;
import dev.firedrill.check.history.Op;
import dev.firedrill.check.history.OpType;
import dev.firedrill.check.history.Operation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

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
 *   <li><b>checked</b> (the evidence count): the effects in ok reads. With none, and no other
 *       anomaly: UNKNOWN ({@code nothing-to-check}).
 * </ul>
 */
public record NoDuplicates() implements Checker {

  @Override
  public String name() {
    return "no-duplicates";
  }

  @Override
  public Result check(History history) {
    HistoryColumns c = history.columns();
    int[] pairs = c.pairs();
    Set<Integer> writeFs = ids(c, "add", "enqueue", "append", "write");
    int readF = c.nameId("read");
    int writes = 0;
    long reads = 0;
    long effects = 0;
    long duplicates = 0;
    List<Found> found = new ArrayList<>();
    for (int row = 0; row < c.size(); row++) {
      int done = pairs[row];
      if (done == HistoryColumns.COMPLETES || c.process(row) == Op.NEMESIS) {
        continue;
      }
      if (writeFs.contains(c.f(row))) {
        writes++;
        continue;
      }
      if (c.f(row) != readF || done < 0 || c.type(done) != OpType.OK) {
        continue;
      }
      int valueRow = c.valueKind(done) != HistoryColumns.NONE ? done : row;
      List<Found> inRead;
      if (c.valueKind(valueRow) == HistoryColumns.LONGS) {
        inRead = longDuplicates(c, valueRow);
        effects += c.listLength(valueRow);
      } else if (c.value(valueRow) instanceof Collection<?> list) {
        inRead = objectDuplicates(list);
        effects += list.size();
      } else {
        continue;
      }
      reads++;
      duplicates += inRead.size();
      for (Found f : inRead) {
        if (found.size() < NoLostWrites.MAX_LISTED) {
          found.add(new Found(f.identity(), f.times(), row, done));
        }
      }
    }
    List<Anomaly> anomalies = new ArrayList<>();
    if (!found.isEmpty()) {
      List<Operation> writeOps = history.clientOperations("add", "enqueue", "append", "write");
      for (Found f : found) {
        Operation read = new Operation(c.op(f.invoke()), c.op(f.completion()));
        anomalies.add(duplicate(read, f.identity(), f.times(), writeOps));
      }
    }
    if (reads == 0 && writes > 0) {
      anomalies.add(
          Anomaly.unknown(
              "no-final-read",
              null,
              writes + " write(s) but no ok read: nothing shows how often they applied",
              List.of()));
    }
    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put(Evidence.CHECKED, effects);
    stats.put("writes", writes);
    stats.put("reads", reads);
    stats.put("duplicates", duplicates);
    String missing =
        writes == 0 && reads == 0
            ? "no write and no ok read of a list of effects"
            : writes + " write(s) and " + reads + " ok read(s), but no read returned an effect";
    return Result.of(name(), Evidence.require(effects, anomalies, missing), stats);
  }

  @Override
  public Set<String> reads() {
    return Set.of("add", "enqueue", "append", "write", "read");
  }

  /** An identity that took effect more than once in one read (rows of the read's operation). */
  private record Found(Object identity, int times, int invoke, int completion) {}

  private static Set<Integer> ids(HistoryColumns c, String... names) {
    Set<Integer> ids = new HashSet<>();
    for (String name : names) {
      if (c.nameId(name) >= 0) {
        ids.add(c.nameId(name));
      }
    }
    return ids;
  }

  /** The repeated integers of a list of integers, in order of first occurrence. */
  private static List<Found> longDuplicates(HistoryColumns c, int row) {
    int n = c.listLength(row);
    long[] sorted = new long[n];
    for (int i = 0; i < n; i++) {
      sorted[i] = c.listElement(row, i);
    }
    Arrays.sort(sorted);
    boolean any = false;
    for (int i = 1; i < n && !any; i++) {
      any = sorted[i] == sorted[i - 1];
    }
    if (!any) {
      return List.of(); // the common case: no repeats, no boxing
    }
    List<Object> values = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      values.add(c.listElement(row, i));
    }
    return objectDuplicates(values);
  }

  /** The repeated identities of a read's effects, in order of first occurrence. */
  private static List<Found> objectDuplicates(Collection<?> effects) {
    Map<Object, Integer> counts = new LinkedHashMap<>();
    for (Object effect : effects) {
      counts.merge(identity(effect), 1, Integer::sum);
    }
    List<Found> out = new ArrayList<>();
    for (Map.Entry<Object, Integer> e : counts.entrySet()) {
      if (e.getValue() > 1) {
        out.add(new Found(e.getKey(), e.getValue(), -1, -1));
      }
    }
    return out;
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
