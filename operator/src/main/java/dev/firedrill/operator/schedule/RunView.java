package dev.firedrill.operator.schedule;

import dev.firedrill.engine.model.RunPhase;
import dev.firedrill.engine.model.Verdict;
import dev.firedrill.operator.api.v1alpha1.DrillRunSpec.Trigger;
import java.time.Instant;

/**
 * What a schedule decision needs to know of one DrillRun of a drill; read from the run by the
 * operator, built by hand in tests.
 *
 * @param scheduledAt the fire time a scheduled run was started for; null for other triggers
 * @param deleting true once the run has a deletion timestamp (its finalizer is healing it)
 */
public record RunView(
    String name,
    Trigger trigger,
    Instant created,
    Instant started,
    Instant scheduledAt,
    RunPhase phase,
    Verdict verdict,
    boolean deleting) {

  /** True once the run is over (its phase is terminal). */
  public boolean terminal() {
    return phase != null && phase.terminal();
  }

  /**
   * True for a finished run kept under {@code successfulRunsHistoryLimit}: Completed with verdict
   * Pass, or Completed without a verdict (a dry run). Every other finished run counts as failed.
   */
  public boolean succeeded() {
    return phase == RunPhase.COMPLETED && (verdict == null || verdict == Verdict.PASS);
  }

  /** When the run started: its status' start time, else its creation. */
  public Instant startedOrCreated() {
    return started != null ? started : created;
  }
}
