package dev.firedrill.engine.run;

import dev.firedrill.engine.model.SteadyState;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides whether a run may inject its first fault: the steady-state hypothesis of {@link
 * SteadyState}, over the workload's evidence so far and the probes' latest samples. Pure: the run
 * asks it repeatedly until it holds or the wait runs out, and the last reason becomes the Error
 * verdict's one line.
 */
final class SteadyStateCheck {

  private SteadyStateCheck() {}

  /**
   * Why the steady state does not hold, or empty when it does.
   *
   * @param e the workload's completions so far
   * @param probes the probes that must be healthy, by name, with their latest sample's health (null
   *     when the probe has not sampled yet)
   * @param baseUrl the workload's base URL, for the message
   */
  static Optional<String> failure(
      SteadyState s, Evidence.Snapshot e, Map<String, Boolean> probes, String baseUrl) {
    for (Map.Entry<String, Boolean> p : probes.entrySet()) {
      if (p.getValue() == null) {
        return Optional.of("probe " + p.getKey() + " has not answered yet");
      }
      if (!p.getValue()) {
        return Optional.of("probe " + p.getKey() + " is failing");
      }
    }
    long completed = e.completed();
    String why = e.topError() == null ? "" : ": " + e.topError();
    if (completed < s.minOperations()) {
      return Optional.of(
          "only "
              + completed
              + " operation(s) to "
              + baseUrl
              + " completed, "
              + s.minOperations()
              + " needed"
              + why);
    }
    if (e.ok() == 0) {
      return Optional.of("every operation to " + baseUrl + " failed" + why);
    }
    if (e.updates() > 0 && e.updateOk() == 0) {
      return Optional.of(
          "no write to " + baseUrl + " was acknowledged (" + e.updates() + " tried)" + why);
    }
    if (e.reads() > 0 && e.readOk() == 0) {
      return Optional.of("no read of " + baseUrl + " was answered (" + e.reads() + " tried)" + why);
    }
    if ((double) e.answered() / completed < s.minAnswered()) {
      return Optional.of(
          String.format(
              "only %d of %d operations to %s were answered (%.0f%%, steadyState.minAnswered is"
                  + " %.0f%%)%s",
              e.answered(),
              completed,
              baseUrl,
              100.0 * e.answered() / completed,
              100 * s.minAnswered(),
              why));
    }
    return Optional.empty();
  }

  /** The probes the check waits on: the listed ones, else every probe of the drill. */
  static List<String> probesToWatch(SteadyState s, List<String> allProbes) {
    return s.probes() != null ? s.probes() : allProbes;
  }
}
