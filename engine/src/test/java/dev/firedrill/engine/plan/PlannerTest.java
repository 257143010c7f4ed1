package dev.firedrill.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.engine.model.DrillSpec;
import dev.firedrill.engine.model.PodKill;
import dev.firedrill.engine.model.PodKillMode;
import dev.firedrill.engine.validate.DrillLoader;
import dev.firedrill.engine.validate.LoadResult;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlannerTest {

  private static final String SPEC =
      """
      target:
        processes:
          - {name: a, command: [x]}
          - {name: b, command: [x]}
          - {name: c, command: [x]}
          - {name: d, command: [x]}
      toxiproxy:
        proxies: [{name: p, listen: "127.0.0.1:1", upstream: "127.0.0.1:2"}]
      workload:
        type: set
        baseUrl: http://127.0.0.1:1
        duration: 1m
        operations: {add: {path: /a}, read: {path: /a}}
      faults:
        - {name: slow, at: 10s, duration: 15s, every: 20s, latency: {proxies: [p], latency: 100ms}}
        - {name: kill, at: 5s, podKill: {mode: percent, value: 50}}
        - {name: cut, at: 25s, duration: 5s, partition: {proxies: [p]}}
      invariants: [{type: noLostWrites}]
      recovery: 7s
      """;

  private static DrillSpec spec() {
    LoadResult result = new DrillLoader().load("plan.yaml", SPEC);
    assertThat(result.problems()).isEmpty();
    return result.drills().getFirst().spec();
  }

  @Test
  void repeatingFaultsOccurWhileTheyEndWithinTheWorkload() {
    Plan plan = Planner.plan(spec(), 1);

    assertThat(plan.workload()).isEqualTo(Duration.ofMinutes(1));
    assertThat(plan.recovery()).isEqualTo(Duration.ofSeconds(7));
    assertThat(plan.faults())
        .extracting(
            PlannedFault::id,
            f -> f.start().toSeconds(),
            f -> f.end() == null ? null : f.end().toSeconds())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("kill#0", 5L, null),
            org.assertj.core.groups.Tuple.tuple("slow#0", 10L, 25L),
            org.assertj.core.groups.Tuple.tuple("cut#0", 25L, 30L),
            org.assertj.core.groups.Tuple.tuple("slow#1", 30L, 45L));
  }

  @Test
  void stepsHealBeforeTheyInjectAtTheSameInstant() {
    List<Plan.Step> steps = Planner.plan(spec(), 1).steps();

    assertThat(steps)
        .extracting(s -> s.at().toSeconds() + " " + s.kind() + " " + s.fault().id())
        .containsExactly(
            "5 INJECT kill#0",
            "10 INJECT slow#0",
            "25 HEAL slow#0",
            "25 INJECT cut#0",
            "30 HEAL cut#0",
            "30 INJECT slow#1",
            "45 HEAL slow#1");
  }

  @Test
  void theSameSeedGivesTheSamePlanAndSeedsVaryTheChoice() {
    assertThat(Planner.plan(spec(), 42)).isEqualTo(Planner.plan(spec(), 42));
    Set<List<String>> choices = new HashSet<>();
    for (long seed = 0; seed < 50; seed++) {
      List<String> targets = Planner.plan(spec(), seed).faults().getFirst().targets();
      assertThat(targets).hasSize(2).isSubsetOf("a", "b", "c", "d").doesNotHaveDuplicates();
      choices.add(targets);
    }
    assertThat(choices).as("50 seeds choose more than one pair").hasSizeGreaterThan(1);
  }

  @Test
  void podKillCountsByMode() {
    assertThat(PodKills.count(new PodKill(PodKillMode.ONE, null, null, null, null), 5))
        .isEqualTo(1);
    assertThat(PodKills.count(new PodKill(PodKillMode.ALL, null, null, null, null), 5))
        .isEqualTo(5);
    assertThat(PodKills.count(new PodKill(PodKillMode.FIXED, 3, null, null, null), 2)).isEqualTo(2);
    assertThat(PodKills.count(new PodKill(PodKillMode.PERCENT, 34, null, null, null), 3))
        .isEqualTo(2);
    assertThat(PodKills.count(new PodKill(PodKillMode.PERCENT, 1, null, null, null), 3))
        .isEqualTo(1);
    assertThat(PodKills.count(new PodKill(PodKillMode.ALL, null, null, null, null), 0)).isZero();
  }
}
