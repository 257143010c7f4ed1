package dev.firedrill.engine.report;

import dev.firedrill.engine.model.ReportSpec;
import dev.firedrill.engine.validate.DrillLoader;
import dev.firedrill.engine.validate.LoadResult;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The drill's {@code report} settings, read from the {@code drill.yaml} every run writes into its
 * run directory first: so the run's result needs to carry nothing more, and a report rendered again
 * from a stored run directory gets the same links. An unreadable or invalid copy gives the defaults
 * (no links, no context lines): a report is never lost to its settings.
 */
final class ReportSettings {

  private ReportSettings() {}

  static ReportSpec read(Path runDir) {
    if (runDir == null) {
      return ReportSpec.DEFAULT;
    }
    Path drill = runDir.resolve("drill.yaml");
    if (!Files.isRegularFile(drill)) {
      return ReportSpec.DEFAULT;
    }
    try {
      LoadResult loaded = new DrillLoader().loadFile(drill);
      return loaded.drills().isEmpty()
          ? ReportSpec.DEFAULT
          : loaded.drills().getFirst().spec().reportOrDefault();
    } catch (RuntimeException e) {
      return ReportSpec.DEFAULT;
    }
  }
}
