package dev.firedrill.engine.run;

import dev.firedrill.engine.model.DrillSpec;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * What a {@link Setup} knows of the run it sets up.
 *
 * @param drill the drill's name
 * @param spec the drill
 * @param runDir the run directory (logs go under it)
 * @param baseDir where the drill's relative paths resolve
 * @param progress progress lines for the console
 * @param signals notes, guardrail trips and inconclusive reasons back to the run
 */
public record RunContext(
    String drill,
    DrillSpec spec,
    Path runDir,
    Path baseDir,
    Consumer<String> progress,
    RunSignals signals) {

  public RunContext {
    signals = signals == null ? RunSignals.NONE : signals;
  }

  /** A context whose signals go nowhere. */
  public RunContext(
      String drill, DrillSpec spec, Path runDir, Path baseDir, Consumer<String> progress) {
    this(drill, spec, runDir, baseDir, progress, RunSignals.NONE);
  }
}
