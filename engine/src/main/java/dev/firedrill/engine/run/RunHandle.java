package dev.firedrill.engine.run;

import dev.firedrill.engine.model.RunPhase;
import dev.firedrill.engine.plan.Plan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A run started off-thread by {@link Engine#start}: observe its phase, cancel it, wait for its
 * result. Cancelling always heals: the run stops injecting, heals every fault in its ledger, keeps
 * the history and writes the reports, then completes with verdict Aborted.
 */
public final class RunHandle {

  private final Run run;
  private final CompletableFuture<RunResult> result;
  private final Path runDir;

  RunHandle(Run run, CompletableFuture<RunResult> result, Path runDir) {
    this.run = run;
    this.result = result;
    this.runDir = runDir;
  }

  /** The phase the run is in now. */
  public RunPhase phase() {
    return run.phase();
  }

  /** The plan's seed. */
  public long seed() {
    return run.seed();
  }

  /** The id that makes this run's values and idempotency keys its own. */
  public String runId() {
    return run.runId();
  }

  /** The plan the run follows. */
  public Plan plan() {
    return run.plan();
  }

  /** The run directory. */
  public Path runDir() {
    return runDir;
  }

  /** Cancels the run with {@code reason} (the verdict's message); it heals, then completes. */
  public void cancel(String reason) {
    run.cancel(reason);
  }

  /** True once the result is in. */
  public boolean isDone() {
    return result.isDone();
  }

  /** The result, when the run completes (exceptionally only on an I/O failure of the run dir). */
  public CompletableFuture<RunResult> result() {
    return result;
  }

  /**
   * Waits for the result. An interrupt of the waiting thread cancels the run, waits until it has
   * healed and finished, and returns its (Aborted) result with the interrupt flag set again.
   */
  public RunResult await() throws ExecutionException {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return result.get();
        } catch (InterruptedException e) {
          interrupted = true;
          cancel("interrupted");
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The result if the run completes within {@code limit}. */
  public Optional<RunResult> await(Duration limit) throws ExecutionException, InterruptedException {
    try {
      return Optional.of(result.get(limit.toNanos(), TimeUnit.NANOSECONDS));
    } catch (TimeoutException e) {
      return Optional.empty();
    }
  }
}
