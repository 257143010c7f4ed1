package dev.firedrill.engine.run;

import dev.firedrill.check.checker.Result;
import dev.firedrill.engine.model.InvariantSpec;
import dev.firedrill.engine.model.Verdict;
import dev.firedrill.engine.workload.OpenLoop;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a run found: the verdict, each invariant's result, the load's figures, what the nemesis did
 * (and how late), and where the run directory is. {@code message} explains an Aborted or Error
 * verdict.
 */
public record RunResult(
    String drill,
    long seed,
    Verdict verdict,
    String message,
    List<InvariantResult> invariants,
    OpenLoop.Stats load,
    List<NemesisEvent> nemesis,
    Duration elapsed,
    Path runDir) {

  /** One invariant and its checker's result. */
  public record InvariantResult(InvariantSpec invariant, Result result) {}
}
