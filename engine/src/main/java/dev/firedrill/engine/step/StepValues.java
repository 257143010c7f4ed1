package dev.firedrill.engine.step;

import java.nio.file.Path;

/**
 * What a step's placeholders stand for in one run: {@code {{runDir}}} the run directory (absolute),
 * {@code {{runId}}} the run id, {@code {{seed}}} the plan's seed, {@code ${java}} the java binary
 * running Firedrill.
 *
 * @param runDir the run directory
 * @param runId the run id
 * @param seed the plan's seed
 * @param baseDir where a relative working directory resolves (the drill file's folder)
 */
public record StepValues(Path runDir, String runId, long seed, Path baseDir) {

  /** {@code text} with every placeholder replaced; null stays null. */
  public String expand(String text) {
    if (text == null) {
      return null;
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    return text.replace("{{runDir}}", runDir.toAbsolutePath().toString())
        .replace("{{runId}}", runId)
        .replace("{{seed}}", Long.toString(seed))
        .replace("${java}", java);
  }
}
