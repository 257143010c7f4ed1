package dev.firedrill.engine.run;

import dev.firedrill.engine.model.RunPhase;

/**
 * Observes a run as it goes: its phases, the nemesis's steps, progress lines. Called on the run's
 * threads; implementations return quickly and never throw.
 */
public interface RunListener {

  /** The run entered {@code phase}; {@code message} says why or what it does there. */
  default void phase(RunPhase phase, String message) {}

  /** The nemesis injected or healed a fault (or failed to). */
  default void nemesis(NemesisEvent event) {}

  /**
   * The load so far, about every two seconds while it runs: operations invoked and their outcomes
   * (dropped arrivals are known only at the end, in the result).
   */
  default void operations(dev.firedrill.engine.workload.OpenLoop.Stats soFar) {}

  /** A line of progress for a console. */
  default void progress(String line) {}

  /** A listener that ignores everything. */
  RunListener NONE = new RunListener() {};
}
