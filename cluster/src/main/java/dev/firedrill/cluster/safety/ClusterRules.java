package dev.firedrill.cluster.safety;

import dev.firedrill.engine.model.ClockSkew;
import dev.firedrill.engine.model.DrillSpec;
import dev.firedrill.engine.model.FaultSpec;
import dev.firedrill.engine.model.Pause;
import dev.firedrill.engine.model.PodKill;
import java.util.ArrayList;
import java.util.List;

/**
 * What a drill may not do in a cluster, on top of the one validator: nothing that would run code or
 * touch processes of the operator's or the runner's pod. {@code target.processes} would be commands
 * run in the runner pod, a {@code pause} a SIGSTOP of them — so creating a Drill would be code
 * execution in the cluster. Each problem names the field and the fix.
 */
public final class ClusterRules {

  private ClusterRules() {}

  /** The problems, each {@code path: message (fix: ...)}; empty when the drill may run here. */
  public static List<String> problems(DrillSpec spec) {
    List<String> out = new ArrayList<>();
    if (!spec.target().processes().isEmpty()) {
      out.add(
          "spec.target.processes: local processes are not run in a cluster (fix: remove them and"
              + " target pods with target.selector; run the drill locally with firedrill run)");
    }
    if (spec.target().selector().isEmpty()) {
      out.add(
          "spec.target.selector: a cluster run needs the label selector of the pods under attack"
              + " (fix: set target.selector, e.g. {app: orders})");
    }
    for (int i = 0; i < spec.faults().size(); i++) {
      FaultSpec f = spec.faults().get(i);
      String path = "spec.faults[" + i + "]";
      if (f.actions().size() != 1) {
        continue; // the validator reports it
      }
      if (f.action() instanceof Pause) {
        out.add(
            path
                + ".pause: pausing processes is a local fault (fix: use podKill, or run the drill"
                + " locally)");
      }
      if (f.action() instanceof ClockSkew) {
        out.add(
            path
                + ".clockSkew: moving a clock needs libfaketime preloaded into the target's"
                + " processes, which a cluster run cannot do safely yet (fix: run the drill locally"
                + " with firedrill run; docs/time-travel.md says what a cluster would need)");
      }
      if (f.action() instanceof PodKill kill && !kill.processes().isEmpty()) {
        out.add(
            path
                + ".podKill.processes: names local processes (fix: remove it; pods are chosen by"
                + " target.selector and podKill.selector)");
      }
    }
    return out;
  }
}
