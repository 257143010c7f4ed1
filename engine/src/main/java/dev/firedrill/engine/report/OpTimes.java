package dev.firedrill.engine.report;

import dev.firedrill.check.checker.Anomaly;
import dev.firedrill.check.history.History;
import dev.firedrill.check.history.Op;
import dev.firedrill.check.history.Operation;
import dev.firedrill.engine.run.RunResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * When each operation an anomaly cites was invoked and when it completed, both on the history's
 * clock (nanoseconds since the run started). A checker cites one half of an operation (a read's
 * completion, a write's invocation); a reader judging "stale" or "lost" needs both ends, since an
 * operation may have taken effect at any moment between them. Only the cited operations are kept,
 * found in one pass over the history.
 */
final class OpTimes {

  /** An operation's two ends; {@code completed} is null when it never completed. */
  record Span(long invoked, Long completed) {}

  private final Map<Long, Span> byIndex;

  private OpTimes(Map<Long, Span> byIndex) {
    this.byIndex = byIndex;
  }

  /** The spans of every operation the run's anomalies cite; empty without a history. */
  static OpTimes of(RunResult run, History history) {
    Set<Long> cited = new HashSet<>();
    for (RunResult.InvariantResult r : run.invariants()) {
      for (Anomaly a : r.result().allAnomalies()) {
        a.ops().forEach(o -> cited.add(o.index()));
      }
    }
    Map<Long, Span> spans = new HashMap<>();
    if (history != null && !cited.isEmpty()) {
      for (Operation o : history.operations()) {
        Op done = o.completion();
        boolean invokeCited = cited.contains(o.invoke().index());
        if (invokeCited || (done != null && cited.contains(done.index()))) {
          Span s = new Span(o.invoke().time(), done == null ? null : done.time());
          spans.put(o.invoke().index(), s);
          if (done != null) {
            spans.put(done.index(), s);
          }
        }
      }
    }
    return new OpTimes(spans);
  }

  /** The span of the operation {@code op} is one half of; a nemesis op or a stray one: itself. */
  Span span(Op op) {
    Span s = byIndex.get(op.index());
    return s != null ? s : new Span(op.time(), op.time());
  }

  /** {@code ops} ordered by when their operation was invoked, then by index. */
  List<Op> sorted(List<Op> ops) {
    List<Op> out = new ArrayList<>(ops);
    out.sort(Comparator.<Op>comparingLong(o -> span(o).invoked()).thenComparingLong(Op::index));
    return out;
  }
}
