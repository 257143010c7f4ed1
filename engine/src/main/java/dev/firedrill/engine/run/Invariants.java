package dev.firedrill.engine.run;

import dev.firedrill.check.checker.Checker;
import dev.firedrill.check.checker.Conservation;
import dev.firedrill.check.checker.Convergence;
import dev.firedrill.check.checker.Counter;
import dev.firedrill.check.checker.Linearizable;
import dev.firedrill.check.checker.NoCascade;
import dev.firedrill.check.checker.NoDuplicates;
import dev.firedrill.check.checker.NoLostWrites;
import dev.firedrill.check.checker.Ordering;
import dev.firedrill.check.checker.Queue;
import dev.firedrill.check.checker.Recovery;
import dev.firedrill.check.checker.linear.Budget;
import dev.firedrill.engine.model.DurationText;
import dev.firedrill.engine.model.InvariantSpec;
import dev.firedrill.engine.model.Workload;
import dev.firedrill.engine.model.WorkloadType;
import java.time.Duration;
import java.util.Set;

/** The checker of each invariant of a drill, configured from the drill. */
final class Invariants {

  private static final Duration DEFAULT_WITHIN = Duration.ofSeconds(30);

  private Invariants() {}

  static Checker checker(InvariantSpec inv, Workload workload) {
    Set<String> probes = Set.copyOf(inv.probes());
    long initial = workload.initial() == null ? 0 : workload.initial();
    int keys = workload.keys() == null ? 5 : workload.keys();
    return switch (inv.type()) {
      case NO_LOST_WRITES -> new NoLostWrites(false);
      case NO_DUPLICATES -> new NoDuplicates();
      case ORDERING -> new Ordering();
      case LINEARIZABLE -> new Linearizable(model(inv, workload), inv.initial(), Budget.standard());
      case COUNTER -> new Counter(initial);
      case QUEUE -> new Queue();
      case CONSERVATION -> new Conservation(inv.total() != null ? inv.total() : keys * initial);
      case CONVERGENCE -> new Convergence(DurationText.parseOr(inv.within(), DEFAULT_WITHIN));
      case NO_CASCADE ->
          new NoCascade(
              probes,
              inv.maxErrorRate() == null ? 0.0 : inv.maxErrorRate(),
              millis(inv.maxLatency()));
      case RECOVERY ->
          new Recovery(probes, DurationText.parseOr(inv.within(), DEFAULT_WITHIN).toNanos());
    };
  }

  private static Linearizable.Model model(InvariantSpec inv, Workload workload) {
    if (workload.type() == WorkloadType.KV) {
      return Linearizable.Model.KV;
    }
    boolean cas =
        "cas-register".equals(inv.model())
            || (inv.model() == null && workload.operations().containsKey("cas"));
    return cas ? Linearizable.Model.CAS_REGISTER : Linearizable.Model.REGISTER;
  }

  private static Double millis(String duration) {
    return duration == null ? null : (double) DurationText.parse(duration).toMillis();
  }
}
