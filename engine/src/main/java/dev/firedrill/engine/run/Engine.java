package dev.firedrill.engine.run;

import dev.firedrill.engine.fault.FaultLedger;
import dev.firedrill.engine.fault.Healer;
import dev.firedrill.engine.fault.Ledger;
import dev.firedrill.engine.fault.LedgerEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The one way to run a drill, for every driver: the CLI's {@code run} and {@code demo}, and the
 * cluster runner. A driver says what to run and what the run may touch ({@link RunRequest}); the
 * engine plans, sets up, drives the load and the faults, heals, checks, decides the verdict and
 * writes the reports. {@link #heal} undoes what a ledger says is still in effect, with no run: how
 * a restarted process heals after a crash.
 */
public final class Engine {

  private Engine() {}

  /** Starts a run on a thread of its own and returns its handle at once. */
  public static RunHandle start(RunRequest request) {
    Run run = new Run(request);
    CompletableFuture<RunResult> result = new CompletableFuture<>();
    Thread.ofPlatform()
        .name("firedrill-run-" + request.drill().name())
        .start(() -> {
          try {
            result.complete(run.execute());
          } catch (IOException e) {
            result.completeExceptionally(new UncheckedIOException(e));
          } catch (RuntimeException | Error e) {
            result.completeExceptionally(e);
          }
        });
    return new RunHandle(run, result, request.runDir());
  }

  /**
   * Runs to the end on this thread's behalf; an interrupt cancels the run, which heals and finishes
   * before this returns.
   */
  public static RunResult run(RunRequest request) throws IOException {
    try {
      return start(request).await();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UncheckedIOException io) {
        throw io.getCause();
      }
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /**
   * Heals every entry of {@code entries} still in effect, with the healers given by driver kind,
   * recording each change through {@code sink}; needs no live run. Returns the entries as they
   * ended: an entry still {@code HealFailed} may have been left in effect.
   */
  public static List<LedgerEntry> heal(
      List<LedgerEntry> entries, List<? extends Healer> healers, FaultLedger sink) {
    Map<String, Healer> byKind = new LinkedHashMap<>();
    healers.forEach(h -> byKind.putIfAbsent(h.kind(), h));
    Ledger ledger = Ledger.of(entries, sink, InstantSource.system());
    ledger.healAll(byKind);
    return ledger.entries();
  }
}
