package dev.firedrill.engine.run;

import dev.firedrill.check.checker.Result;
import dev.firedrill.engine.fault.LedgerEntry;
import dev.firedrill.engine.model.InvariantSpec;
import dev.firedrill.engine.model.Verdict;
import dev.firedrill.engine.step.StepOutcome;
import dev.firedrill.engine.workload.OpenLoop;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a run found: the verdict, each invariant's result, the load's figures, what the nemesis did
 * (and how late), the fault ledger as the run left it, and where the run directory is. {@code
 * message} explains an Aborted, Error or Inconclusive verdict, and names every fault a failed heal
 * may have left. {@code description} is the drill's {@code spec.description} (null without one),
 * shown at the top of every report. {@code steps} are the outcomes of the setup and teardown steps
 * that ran, in order; a failed teardown step is also named in {@code message}.
 */
public record RunResult(
    String drill,
    long seed,
    String runId,
    Verdict verdict,
    String message,
    List<InvariantResult> invariants,
    OpenLoop.Stats load,
    List<NemesisEvent> nemesis,
    List<LedgerEntry> ledger,
    Duration elapsed,
    Path runDir,
    String description,
    List<StepOutcome> steps) {

  public RunResult {
    steps = steps == null ? List.of() : List.copyOf(steps);
    invariants = List.copyOf(invariants);
    nemesis = List.copyOf(nemesis);
    ledger = List.copyOf(ledger);
  }

  /** A result of a drill without a description. */
  public RunResult(
      String drill,
      long seed,
      String runId,
      Verdict verdict,
      String message,
      List<InvariantResult> invariants,
      OpenLoop.Stats load,
      List<NemesisEvent> nemesis,
      List<LedgerEntry> ledger,
      Duration elapsed,
      Path runDir) {
    this(
        drill,
        seed,
        runId,
        verdict,
        message,
        invariants,
        load,
        nemesis,
        ledger,
        elapsed,
        runDir,
        null);
  }

  /** A result with no setup or teardown steps. */
  public RunResult(
      String drill,
      long seed,
      String runId,
      Verdict verdict,
      String message,
      List<InvariantResult> invariants,
      OpenLoop.Stats load,
      List<NemesisEvent> nemesis,
      List<LedgerEntry> ledger,
      Duration elapsed,
      Path runDir,
      String description) {
    this(
        drill,
        seed,
        runId,
        verdict,
        message,
        invariants,
        load,
        nemesis,
        ledger,
        elapsed,
        runDir,
        description,
        List.of());
  }

  /** One invariant and its checker's result. */
  public record InvariantResult(InvariantSpec invariant, Result result) {}

  /** Ledger entries whose fault may still be in effect (a heal failed or never ran). */
  public List<LedgerEntry> leftBehind() {
    return ledger.stream().filter(e -> e.state().needsHeal()).toList();
  }
}
