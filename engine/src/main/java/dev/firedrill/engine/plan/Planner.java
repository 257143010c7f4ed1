package dev.firedrill.engine.plan;

import dev.firedrill.engine.model.ClockSkew;
import dev.firedrill.engine.model.DrillSpec;
import dev.firedrill.engine.model.DurationText;
import dev.firedrill.engine.model.FaultAction;
import dev.firedrill.engine.model.FaultSpec;
import dev.firedrill.engine.model.LocalProcess;
import dev.firedrill.engine.model.NetworkFault;
import dev.firedrill.engine.model.Partition;
import dev.firedrill.engine.model.Pause;
import dev.firedrill.engine.model.PodKill;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Turns a valid drill and a seed into a {@link Plan}: pure and deterministic, no clock and no I/O,
 * so tests simulate any plan instantly. Occurrences of a repeating fault start every {@code every}
 * while they still end within the workload. Local pod kills choose their processes here; cluster
 * pod kills (no local processes to choose from) get no targets and carry a seed for the choice
 * among the pods alive at inject time ({@link PodKills#choose}, made by the pod driver).
 */
public final class Planner {

  /** Recovery wait when the drill gives none. */
  public static final Duration DEFAULT_RECOVERY = Duration.ofSeconds(10);

  private Planner() {}

  /** The plan of a drill that passed validation. */
  public static Plan plan(DrillSpec spec, long seed) {
    Duration workload = DurationText.parse(spec.workload().duration());
    Duration recovery = DurationText.parseOr(spec.recovery(), DEFAULT_RECOVERY);
    SplittableRandom root = new SplittableRandom(seed);
    List<PlannedFault> planned = new ArrayList<>();
    for (FaultSpec fault : spec.faults()) {
      SplittableRandom faultRandom = root.split();
      Duration at = DurationText.parse(fault.at());
      Duration length = fault.duration() == null ? null : DurationText.parse(fault.duration());
      Duration every = fault.every() == null ? null : DurationText.parse(fault.every());
      int occurrence = 0;
      for (Duration start = at; fits(start, length, workload); start = start.plus(every)) {
        long choiceSeed = faultRandom.nextLong();
        planned.add(
            new PlannedFault(
                fault.name(),
                occurrence++,
                start,
                length == null ? null : start.plus(length),
                fault.action(),
                targets(spec, fault.action(), choiceSeed),
                choiceSeed));
        if (every == null) {
          break;
        }
      }
    }
    return new Plan(seed, workload, recovery, planned);
  }

  private static boolean fits(Duration start, Duration length, Duration workload) {
    return start.compareTo(workload) < 0
        && (length == null || start.plus(length).compareTo(workload) <= 0);
  }

  private static List<String> targets(DrillSpec spec, FaultAction action, long choiceSeed) {
    return switch (action) {
      case Partition p when p.isBetween() -> p.linksInto(spec);
      case NetworkFault net -> net.proxies();
      case Pause pause -> PodKills.choose(pause, choiceSeed);
      case ClockSkew skew -> skew.processes();
      case PodKill kill -> {
        List<String> pool =
            kill.processes().isEmpty()
                ? spec.target().processes().stream().map(LocalProcess::name).toList()
                : kill.processes();
        yield PodKills.choose(kill, pool, choiceSeed);
      }
    };
  }

  /** {@code count} distinct items of {@code pool}, chosen by {@code seed}, in pool order. */
  static List<String> choose(List<String> pool, int count, long seed) {
    return PodKills.choose(pool, count, seed);
  }
}
