package dev.firedrill.check.checker;

import dev.firedrill.check.history.History;
import dev.firedrill.check.history.Op;
import dev.firedrill.check.history.OpType;
import dev.firedrill.check.history.Operation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counter: every read lies between what was surely added and what may have been added.
 *
 * <p>Ops: {@code add} with a non-negative increment as value, {@code read} whose ok value is the
 * count. One counter per key, starting at {@code initial}. Terms:
 *
 * <ul>
 *   <li><b>lower bound</b> of a read: initial plus the increments acknowledged (ok) before the read
 *       was invoked.
 *   <li><b>upper bound</b>: initial plus the increments invoked before the read completed, minus
 *       those that had failed by then (a failed add definitely did not happen).
 *   <li><b>below</b>: a read under its lower bound: an acknowledged increment is missing. INVALID.
 *   <li><b>above</b>: a read over its upper bound: something was counted that nobody added (or was
 *       applied twice). INVALID.
 *   <li>With adds but no ok read: UNKNOWN ({@code no-final-read}).
 * </ul>
 *
 * @param initial the counter's value before the history
 */
public record Counter(long initial) implements Checker {

  public Counter() {
    this(0);
  }

  @Override
  public String name() {
    return "counter";
  }

  @Override
  public Result check(History history) {
    Map<Op, Operation> byOp = new HashMap<>();
    for (Operation o : history.clientOperations("add", "read")) {
      byOp.put(o.invoke(), o);
      if (o.completion() != null) {
        byOp.put(o.completion(), o);
      }
    }
    Map<String, long[]> bounds = new HashMap<>(); // key -> {lower, upper}
    Map<Op, Long> lowerAtInvoke = new HashMap<>();
    List<Anomaly> anomalies = new ArrayList<>();
    long reads = 0;
    long adds = 0;
    for (Op op : history.ops()) {
      Operation o = byOp.get(op);
      if (o == null) {
        continue;
      }
      long[] b = bounds.computeIfAbsent(o.key(), k -> new long[] {initial, initial});
      if (o.f().equals("add")) {
        long delta = ((Number) o.invoke().value()).longValue();
        adds += op.type() == OpType.INVOKE ? 1 : 0;
        switch (op.type()) {
          case INVOKE -> b[1] += delta;
          case OK -> b[0] += delta;
          case FAIL -> b[1] -= delta;
          case INFO -> {}
        }
      } else if (op.type() == OpType.INVOKE) {
        lowerAtInvoke.put(op, b[0]);
      } else if (op.type() == OpType.OK && o.value() instanceof Number n) {
        reads++;
        check(o, n.longValue(), lowerAtInvoke.get(o.invoke()), b[1], anomalies);
      }
    }
    if (reads == 0 && adds > 0) {
      anomalies.add(
          Anomaly.unknown(
              "no-final-read", null, adds + " add(s) but no ok read of the counter", List.of()));
    }
    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put("adds", adds);
    stats.put("reads", reads);
    return Result.of(name(), anomalies, stats);
  }

  private static void check(
      Operation read, long value, Long lower, long upper, List<Anomaly> anomalies) {
    long low = lower == null ? Long.MIN_VALUE : lower;
    if (value >= low && value <= upper) {
      return;
    }
    String kind = value < low ? "below" : "above";
    String bound = value < low ? "acknowledged total " + low : "attempted total " + upper;
    if (anomalies.size() < NoLostWrites.MAX_LISTED) {
      anomalies.add(
          Anomaly.invalid(
                  kind,
                  read.key(),
                  Explain.keyed(read.key())
                      + Explain.op(read.completion())
                      + " read "
                      + value
                      + ", "
                      + kind
                      + " the "
                      + bound,
                  List.of(read.invoke(), read.completion()))
              .with(Map.of("read", value, "lower", low, "upper", upper)));
    }
  }
}
