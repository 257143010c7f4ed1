package dev.firedrill.engine.run;

import dev.firedrill.engine.plan.Plan;
import java.time.Duration;

/**
 * What the nemesis did at a step: the planned offset, the actual offset, and what it acted on — or
 * the error that stopped it.
 */
public record NemesisEvent(Plan.Step step, Duration actual, String detail, String error) {

  /** How late the step landed against the plan. */
  public Duration lateness() {
    return actual.minus(step.at());
  }
}
