package dev.firedrill.engine.run;

import dev.firedrill.check.checker.Checker;
import dev.firedrill.check.checker.Queue;
import dev.firedrill.check.checker.Result;
import dev.firedrill.check.history.History;
import java.util.Set;

/**
 * noLostWrites or noDuplicates on a queue workload: the {@link Queue} checker, which alone reads
 * enqueues, dequeues and drains, keeping only the anomalies of that invariant. Without it both
 * would read a queue's history for {@code add} and {@code read} operations it never has, and decide
 * nothing. noLostWrites keeps {@code lost} (acknowledged, never delivered though a drain completed)
 * and {@code undrained} (its UNKNOWN form); noDuplicates keeps {@code duplicated}; both keep {@code
 * nothing-to-check}. The stats, {@code checked} included, are the queue checker's.
 */
record QueueAspect(String name, Set<String> kinds) implements Checker {

  static final Set<String> LOST = Set.of("lost", "undrained", "nothing-to-check");
  static final Set<String> DUPLICATED = Set.of("duplicated", "nothing-to-check");

  private static final Queue QUEUE = new Queue();

  @Override
  public Result check(History history) {
    Result all = QUEUE.check(history);
    return Result.of(
        name,
        all.allAnomalies().stream().filter(a -> kinds.contains(a.kind())).toList(),
        all.stats());
  }

  @Override
  public Set<String> reads() {
    return QUEUE.reads();
  }
}
