package dev.firedrill.check.checker;

import dev.firedrill.check.history.History;
import dev.firedrill.check.history.Operation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Convergence: after the writes stop, a projection (read model, cache, replica, search index) comes
 * to equal its source within a deadline, and stays equal.
 *
 * <p>Ops: {@code write} (to the source; any key and value), {@code read-source} and {@code
 * read-projection}, whose ok values map each entity to its value in that view. Terms:
 *
 * <ul>
 *   <li><b>last write</b>: the latest completion (or invocation, for writes that never completed)
 *       time of any write.
 *   <li><b>truth</b>: the value of the last ok {@code read-source} invoked after the last write.
 *   <li><b>divergent keys</b>: the entities whose projection value differs from the truth, missing
 *       ones included.
 *   <li><b>time to converge</b>: from the last write to the invocation of the first projection read
 *       of the final run of projection reads that equal the truth.
 *   <li><b>not-converged</b>: the last projection read, invoked after the deadline (last write +
 *       window), differs from the truth; or the time to converge exceeds the window. INVALID, with
 *       the divergent keys.
 *   <li>No source read after the last write, or no projection read after the deadline while the
 *       projection still differs: UNKNOWN ({@code no-final-read}).
 *   <li><b>checked</b> (the evidence count): the projection reads compared with a truth. With none,
 *       the result is UNKNOWN ({@code no-final-read}).
 * </ul>
 *
 * @param window how long after the last write the projection may lag
 */
public record Convergence(Duration window) implements Checker {

  @Override
  public String name() {
    return "convergence";
  }

  @Override
  public Result check(History history) {
    long lastWrite = 0;
    for (Operation w : history.clientOperations("write")) {
      long t = w.completion() == null ? w.invoke().time() : w.completion().time();
      lastWrite = Math.max(lastWrite, t);
    }
    Operation truth = null;
    List<Operation> projections = new ArrayList<>();
    for (Operation r : history.clientOperations("read-source", "read-projection")) {
      if (!r.ok() || !(r.value() instanceof Map<?, ?>) || r.invoke().time() < lastWrite) {
        continue;
      }
      if (r.f().equals("read-source")) {
        truth = r;
      } else {
        projections.add(r);
      }
    }
    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put(Evidence.CHECKED, truth == null ? 0L : (long) projections.size());
    stats.put("lastWriteMillis", lastWrite / 1e6);
    stats.put("projectionReadsAfterLastWrite", projections.size());
    if (truth == null) {
      return Result.of(
          name(), List.of(noRead("no read of the source after the last write")), stats);
    }
    return judge(truth, projections, lastWrite, stats);
  }

  private Result judge(
      Operation truth, List<Operation> projections, long lastWrite, Map<String, Object> stats) {
    Map<?, ?> expected = (Map<?, ?>) truth.value();
    Operation runStart = null;
    Operation last = null;
    for (Operation p : projections) {
      boolean equal = expected.equals(p.value());
      if (equal && (runStart == null || last == null || !expected.equals(last.value()))) {
        runStart = p;
      }
      last = p;
    }
    long deadline = saturatedAdd(lastWrite, windowNanos());
    boolean converged = last != null && expected.equals(last.value());
    if (converged) {
      long ttc = Math.max(0, runStart.invoke().time() - lastWrite);
      stats.put("timeToConvergeMillis", ttc / 1e6);
      if (ttc <= windowNanos()) {
        return Result.of(name(), List.of(), stats);
      }
      return Result.of(name(), List.of(notConverged(truth, runStart, Map.of(), ttc)), stats);
    }
    if (last == null || last.invoke().time() < deadline) {
      return Result.of(
          name(),
          List.of(noRead("no projection read after the deadline shows convergence")),
          stats);
    }
    return Result.of(
        name(), List.of(notConverged(truth, last, (Map<?, ?>) last.value(), -1)), stats);
  }

  private Anomaly notConverged(Operation truth, Operation projection, Map<?, ?> seen, long ttc) {
    Map<?, ?> expected = (Map<?, ?>) truth.value();
    TreeSet<String> divergent = new TreeSet<>();
    if (ttc < 0) {
      for (Object k : union(expected, seen)) {
        if (!Objects.equals(expected.get(k), seen.get(k))) {
          divergent.add(String.valueOf(k));
        }
      }
    }
    String text =
        ttc < 0
            ? Explain.op(projection.completion())
                + " still differs from the source "
                + Explain.op(truth.completion())
                + " on keys "
                + divergent
            : "the projection converged "
                + Explain.millis(ttc)
                + " after the last write, later than the window of "
                + Explain.millis(windowNanos());
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("divergentKeys", List.copyOf(divergent));
    if (ttc >= 0) {
      details.put("timeToConvergeMillis", ttc / 1e6);
    }
    return Anomaly.invalid(
            "not-converged", null, text, List.of(truth.completion(), projection.completion()))
        .with(details);
  }

  @Override
  public java.util.Set<String> reads() {
    return java.util.Set.of("write", "read-source", "read-projection");
  }

  /** The window in nanoseconds; a window past 292 years is as good as forever. */
  private long windowNanos() {
    try {
      return window.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }

  private static List<Object> union(Map<?, ?> a, Map<?, ?> b) {
    List<Object> keys = new ArrayList<>(a.keySet());
    b.keySet().stream().filter(k -> !a.containsKey(k)).forEach(keys::add);
    return keys;
  }

  private static Anomaly noRead(String why) {
    return Anomaly.unknown("no-final-read", null, why, List.of());
  }
}
