package dev.firedrill.check.checker;

import dev.firedrill.check.history.History;
import dev.firedrill.check.history.Op;
import dev.firedrill.check.history.OpType;
import dev.firedrill.check.history.Operation;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Counter: every read lies between what was surely added and what may have been added.
 *
 * <p>Ops: {@code add} with a non-negative increment as value, {@code read} whose ok value is the
 * count. One counter per key, starting at {@code initial}. Sums are exact (no 64-bit wrap-around).
 * Terms:
 *
 * <ul>
 *   <li><b>lower bound</b> of a read: initial plus the increments acknowledged (ok) before the read
 *       was invoked.
 *   <li><b>upper bound</b>: initial plus the increments invoked before the read completed, minus
 *       those that had failed by then (a failed add definitely did not happen).
 *   <li><b>below</b>: a read under its lower bound: an acknowledged increment is missing. INVALID.
 *   <li><b>above</b>: a read over its upper bound: something was counted that nobody added (or was
 *       applied twice). INVALID.
 *   <li><b>malformed</b>: an add whose value is not a non-negative number, or a read of something
 *       else than a number: the op is left out. UNKNOWN.
 *   <li>With adds but no ok read: UNKNOWN ({@code no-final-read}).
 *   <li><b>checked</b> (the evidence count): the ok reads of a number. With none, and no other
 *       anomaly: UNKNOWN ({@code nothing-to-check}).
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
  public Set<String> reads() {
    return Set.of("add", "read");
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
    Tally t = new Tally(BigDecimal.valueOf(initial));
    for (Op op : history.ops()) {
      Operation o = byOp.get(op);
      if (o != null) {
        t.see(op, o);
      }
    }
    List<Anomaly> anomalies = new ArrayList<>(t.anomalies);
    anomalies.addAll(t.malformed.stream().limit(NoLostWrites.MAX_LISTED).toList());
    if (t.reads == 0 && t.adds > 0) {
      anomalies.add(
          Anomaly.unknown(
              "no-final-read", null, t.adds + " add(s) but no ok read of the counter", List.of()));
    }
    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put(Evidence.CHECKED, t.reads);
    stats.put("adds", t.adds);
    stats.put("reads", t.reads);
    return Result.of(
        name(), Evidence.require(t.reads, anomalies, "no add and no ok read of a counter"), stats);
  }

  /** The bounds of each counter as the history goes, and what the reads showed. */
  private static final class Tally {
    final BigDecimal start;
    final Map<String, BigDecimal[]> bounds = new HashMap<>(); // key -> {lower, upper}
    final Map<Op, BigDecimal> lowerAtInvoke = new HashMap<>();
    final List<Anomaly> anomalies = new ArrayList<>();
    final List<Anomaly> malformed = new ArrayList<>();
    long reads;
    long adds;

    Tally(BigDecimal start) {
      this.start = start;
    }

    void see(Op op, Operation o) {
      BigDecimal[] b = bounds.computeIfAbsent(o.key(), k -> new BigDecimal[] {start, start});
      if (o.f().equals("add")) {
        BigDecimal delta = Numbers.exact(o.invoke().value());
        if (delta == null || delta.signum() < 0) {
          if (op.type() == OpType.INVOKE) {
            malformed.add(malformed(o.invoke(), "add of " + o.invoke().value()));
          }
          return;
        }
        adds += op.type() == OpType.INVOKE ? 1 : 0;
        switch (op.type()) {
          case INVOKE -> b[1] = b[1].add(delta);
          case OK -> b[0] = b[0].add(delta);
          case FAIL -> b[1] = b[1].subtract(delta);
          case INFO -> {}
        }
      } else if (op.type() == OpType.INVOKE) {
        lowerAtInvoke.put(op, b[0]);
      } else if (op.type() == OpType.OK && o.value() != null) {
        BigDecimal value = Numbers.exact(o.value());
        if (value == null) {
          malformed.add(malformed(o.completion(), "read of " + o.value()));
          return;
        }
        reads++;
        check(o, value, lowerAtInvoke.get(o.invoke()), b[1], anomalies);
      }
    }
  }

  private static Anomaly malformed(Op op, String what) {
    return Anomaly.unknown(
        "malformed",
        op.key(),
        Explain.keyed(op.key())
            + Explain.op(op)
            + ": a counter takes an add of a non-negative number and a read of a number, not a "
            + what,
        List.of(op));
  }

  private static void check(
      Operation read, BigDecimal value, BigDecimal lower, BigDecimal upper, List<Anomaly> out) {
    boolean below = lower != null && value.compareTo(lower) < 0;
    boolean above = value.compareTo(upper) > 0;
    if (!below && !above) {
      return;
    }
    String kind = below ? "below" : "above";
    Object shown = Numbers.plain(value);
    String bound =
        below
            ? "acknowledged total " + Numbers.plain(lower)
            : "attempted total " + Numbers.plain(upper);
    if (out.size() < NoLostWrites.MAX_LISTED) {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("read", shown);
      details.put("lower", lower == null ? null : Numbers.plain(lower));
      details.put("upper", Numbers.plain(upper));
      details.values().removeIf(java.util.Objects::isNull);
      out.add(
          Anomaly.invalid(
                  kind,
                  read.key(),
                  Explain.keyed(read.key())
                      + Explain.op(read.completion())
                      + " read "
                      + shown
                      + ", "
                      + kind
                      + " the "
                      + bound,
                  List.of(read.invoke(), read.completion()))
              .with(details));
    }
  }
}
