package dev.firedrill.engine.plan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What a run will do, decided before it starts: the workload's length, the recovery wait, and every
 * fault occurrence with its targets. The same drill and seed always give the same plan.
 */
public record Plan(long seed, Duration workload, Duration recovery, List<PlannedFault> faults) {

  public Plan {
    faults =
        faults.stream()
            .sorted(Comparator.comparing(PlannedFault::start).thenComparing(PlannedFault::id))
            .toList();
  }

  /** A step of the nemesis: inject or heal one fault occurrence at an offset from the start. */
  public record Step(Duration at, Kind kind, PlannedFault fault) {

    /** What the nemesis does at a step. */
    public enum Kind {
      INJECT,
      HEAL
    }
  }

  /** Every inject and heal in time order; at the same instant, heals come before injects. */
  public List<Step> steps() {
    List<Step> steps = new ArrayList<>();
    for (PlannedFault f : faults) {
      steps.add(new Step(f.start(), Step.Kind.INJECT, f));
      if (f.healable()) {
        steps.add(new Step(f.end(), Step.Kind.HEAL, f));
      }
    }
    steps.sort(
        Comparator.comparing(Step::at)
            .thenComparing(s -> s.kind() == Step.Kind.INJECT)
            .thenComparing(s -> s.fault().id()));
    return steps;
  }
}
