package dev.firedrill.engine.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.check.checker.Result;
import dev.firedrill.check.checker.Validity;
import dev.firedrill.check.history.History;
import dev.firedrill.check.history.Op;
import dev.firedrill.check.history.OpType;
import dev.firedrill.engine.model.DrillSpec;
import dev.firedrill.engine.model.DurationText;
import dev.firedrill.engine.model.FaultAction;
import dev.firedrill.engine.model.InvariantSpec;
import dev.firedrill.engine.model.InvariantType;
import dev.firedrill.engine.model.Latency;
import dev.firedrill.engine.model.Partition;
import dev.firedrill.engine.model.PodKill;
import dev.firedrill.engine.model.ProbeSpec;
import dev.firedrill.engine.plan.Plan;
import dev.firedrill.engine.plan.Planner;
import dev.firedrill.engine.run.Invariants;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example is a test: each drill in drills/ loads with no problem and says what it proves;
 * each drill's probe invariants can pass; and the library covers the situations teams meet.
 */
class DrillLibraryTest {

  private static final Path LIBRARY = Path.of("..", "drills");

  static Stream<Path> drills() throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(LIBRARY)) {
      files = walk.filter(p -> p.toString().matches(".*\\.ya?ml$")).sorted().toList();
    }
    assertThat(files).as("drill files under drills/").isNotEmpty();
    return files.stream();
  }

  @ParameterizedTest
  @MethodSource("drills")
  void drillIsValidAndDocumented(Path file) throws IOException {
    LoadResult result = new DrillLoader().loadFile(file);

    assertThat(result.problems()).extracting(Problem::format).isEmpty();
    assertThat(result.drills()).isNotEmpty();
    assertThat(result.drills()).allSatisfy(d -> assertThat(d.spec().description()).isNotBlank());
    String text = Files.readString(file);
    assertThat(text).as("editor schema modeline").contains("# yaml-language-server: $schema=");
  }

  /**
   * A drill whose system behaves perfectly must be able to Pass. For the invariants judged from
   * probes (recovery, noCascade) that is checked here without running anything: the drill's own
   * plan is turned into the nemesis entries a run records (an inject per fault occurrence, a heal
   * per healable one), every probe is sampled healthy and fast at its interval from the start of
   * the workload to the end of the recovery, and each probe invariant's real checker must say
   * valid. A recovery invariant over a drill whose faults never heal (only pod kills) says unknown
   * here, as it would on every real run: that drill could never Pass.
   */
  @ParameterizedTest
  @MethodSource("drills")
  void probeInvariantsHoldOnAHealthyRunOfTheDrillsOwnPlan(Path file) {
    for (LoadedDrill drill : new DrillLoader().loadFile(file).drills()) {
      DrillSpec spec = drill.spec();
      List<InvariantSpec> probeInvariants =
          spec.invariants().stream().filter(i -> i.type().readsProbes()).toList();
      if (probeInvariants.isEmpty()) {
        continue;
      }
      History healthy = healthyHistory(spec, Planner.plan(spec, 42));
      for (InvariantSpec inv : probeInvariants) {
        Result r = Invariants.checker(inv, spec.workload()).check(healthy);
        assertThat(r.validity())
            .as("%s: %s on a healthy run; anomalies %s", file, inv.type(), r.allAnomalies())
            .isEqualTo(Validity.VALID);
      }
    }
  }

  /** The situations of issue "Ship it", item 6, each a drill of the library. */
  @Test
  void theLibraryCoversTheSituationsTeamsMeet() {
    DrillSpec weekly = spec("weekly-pod-kill.yaml");
    assertThat(weekly.schedule()).isNotNull();
    assertThat(weekly.schedule().cron()).endsWith("MON");
    assertThat(actions(weekly)).allMatch(a -> a instanceof PodKill);

    assertThat(actions(spec("partition-dependency.yaml"))).anyMatch(a -> a instanceof Partition);
    assertThat(types(spec("partition-dependency.yaml"))).contains(InvariantType.RECOVERY);

    DrillSpec slow = spec("payment-latency-cascade.yaml");
    assertThat(actions(slow)).anyMatch(a -> a instanceof Latency);
    assertThat(types(slow)).contains(InvariantType.NO_CASCADE, InvariantType.RECOVERY);

    DrillSpec retries = spec("payment-retries.yaml");
    assertThat(actions(retries)).anyMatch(a -> a instanceof Latency);
    assertThat(types(retries)).contains(InvariantType.NO_DUPLICATES);

    assertThat(types(spec("projection-convergence.yaml"))).contains(InvariantType.CONVERGENCE);
    DrillSpec etcd = spec("etcd-register.yaml");
    assertThat(types(etcd)).contains(InvariantType.LINEARIZABLE);
    assertThat(etcd.setup())
        .as("a persistent store's keyspace is emptied before each run")
        .singleElement()
        .satisfies(s -> {
          assertThat(s.http().methodOrDefault()).isEqualTo("DELETE");
          assertThat(s.http().url()).endsWith("/v2/keys/firedrill?recursive=true");
          assertThat(s.http().expects(404)).isTrue();
        });
  }

  private static History healthyHistory(DrillSpec spec, Plan plan) {
    List<Op> ops = new ArrayList<>();
    for (Plan.Step step : plan.steps()) {
      String f = step.kind() == Plan.Step.Kind.INJECT ? "inject" : "heal";
      ops.add(
          nemesis(step.at().toNanos(), f, step.fault().id(), Map.of("fault", step.fault().name())));
    }
    long end = plan.workload().plus(plan.recovery()).toNanos();
    for (ProbeSpec probe : spec.probes()) {
      long every = DurationText.parseOr(probe.interval(), Duration.ofSeconds(1)).toNanos();
      for (long t = 0; t <= end; t += every) {
        ops.add(nemesis(t, "probe", probe.name(), Map.of("healthy", true, "latencyMs", 1.0)));
      }
    }
    ops.sort(Comparator.comparingLong(Op::time));
    List<Op> indexed = new ArrayList<>();
    for (Op op : ops) {
      indexed.add(
          new Op(
              indexed.size(),
              op.time(),
              op.process(),
              op.type(),
              op.f(),
              op.key(),
              op.value(),
              null,
              null,
              null));
    }
    return History.of(indexed);
  }

  private static Op nemesis(long time, String f, String key, Object value) {
    return new Op(0, time, Op.NEMESIS, OpType.INFO, f, key, value, null, null, null);
  }

  private static DrillSpec spec(String file) {
    LoadResult loaded = new DrillLoader().loadFile(LIBRARY.resolve(file));
    assertThat(loaded.problems()).as(file).isEmpty();
    return loaded.drills().getFirst().spec();
  }

  private static List<FaultAction> actions(DrillSpec spec) {
    return spec.faults().stream().map(f -> f.action()).toList();
  }

  private static List<InvariantType> types(DrillSpec spec) {
    return spec.invariants().stream().map(InvariantSpec::type).toList();
  }
}
