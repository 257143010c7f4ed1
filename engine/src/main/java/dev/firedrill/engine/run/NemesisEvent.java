package dev.firedrill.engine.run;

import dev.firedrill.engine.plan.Plan;
import java.time.Duration;

/**
 * What the nemesis did at a step: when it was planned and when it took effect, both on the run's
 * one clock (the history's: time since the run started), and what it acted on — or the error that
 * stopped it. The plan's own offsets ({@code step.at()}) count from the workload's start.
 *
 * @param planned when the step was due, on the history's clock
 * @param actual when it took effect, on the history's clock
 */
public record NemesisEvent(
    Plan.Step step, Duration planned, Duration actual, String detail, String error) {

  /** How late the step landed against the plan. */
  public Duration lateness() {
    return actual.minus(planned);
  }
}
