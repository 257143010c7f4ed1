package dev.firedrill.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.engine.fault.FaultDriver;
import dev.firedrill.engine.model.DrillSpec;
import dev.firedrill.engine.model.FaultAction;
import dev.firedrill.engine.model.NetworkFault;
import dev.firedrill.engine.plan.Plan;
import dev.firedrill.engine.plan.PlannedFault;
import dev.firedrill.engine.plan.Planner;
import dev.firedrill.engine.validate.DrillLoader;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class NemesisTest {

  /** Records what the nemesis asked for; fails to inject faults named in {@code failing}. */
  static final class TestingFaultDriver implements FaultDriver {
    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<String> failing;

    TestingFaultDriver(String... failing) {
      this.failing = List.of(failing);
    }

    @Override
    public boolean handles(FaultAction action) {
      return action instanceof NetworkFault;
    }

    @Override
    public String inject(PlannedFault fault) {
      calls.add("inject " + fault.id());
      if (failing.contains(fault.name())) {
        throw new IllegalStateException("proxy answered 500");
      }
      return String.join(",", fault.targets());
    }

    @Override
    public void heal(PlannedFault fault) {
      calls.add("heal " + fault.id());
    }
  }

  static Plan plan() {
    DrillSpec spec =
        new DrillLoader()
            .load(
                "n.yaml",
                """
                target: {processes: [{name: a, command: [x]}]}
                toxiproxy: {proxies: [{name: p, listen: "127.0.0.1:1", upstream: "127.0.0.1:2"}]}
                workload:
                  type: set
                  baseUrl: http://127.0.0.1:1
                  duration: 300ms
                  operations: {add: {path: /a}, read: {path: /a}}
                faults:
                  - {name: slow, at: 10ms, duration: 50ms, every: 100ms, latency: {proxies: [p], latency: 1ms}}
                  - {name: cut, at: 20ms, duration: 250ms, partition: {proxies: [p]}}
                invariants: [{type: noLostWrites}]
                """)
            .drills()
            .getFirst()
            .spec();
    return Planner.plan(spec, 7);
  }

  @Test
  void stepsRunInPlanOrderAndNoneIsEarly() {
    TestingFaultDriver driver = new TestingFaultDriver();
    List<NemesisEvent> seen = new CopyOnWriteArrayList<>();
    Nemesis nemesis = new Nemesis(List.of(driver), seen::add);

    List<NemesisEvent> events = nemesis.run(plan(), System.nanoTime());

    assertThat(driver.calls)
        .containsExactly(
            "inject slow#0",
            "inject cut#0",
            "heal slow#0",
            "inject slow#1",
            "heal slow#1",
            "inject slow#2",
            "heal slow#2",
            "heal cut#0");
    assertThat(seen).isEqualTo(events);
    assertThat(events).allSatisfy(e -> assertThat(e.lateness().isNegative()).isFalse());
    assertThat(nemesis.active()).isEmpty();
  }

  @Test
  void aFailedInjectionIsRecordedAndStillHealedByHealAll() {
    TestingFaultDriver driver = new TestingFaultDriver("cut");
    Nemesis nemesis = new Nemesis(List.of(driver), e -> {});
    long start = System.nanoTime();
    Thread runner = Thread.ofVirtual().start(() -> nemesis.run(plan(), start));

    org.awaitility.Awaitility.await().until(() -> driver.calls.contains("inject cut#0"));
    nemesis.stop();
    List<NemesisEvent> heals = nemesis.healAll(start);
    List<NemesisEvent> again = nemesis.healAll(start);

    assertThat(heals).extracting(e -> e.step().fault().id()).contains("cut#0");
    assertThat(heals).allSatisfy(e -> assertThat(e.error()).isNull());
    assertThat(again).isEmpty();
    assertThat(nemesis.active()).isEmpty();
    org.awaitility.Awaitility.await().until(() -> !runner.isAlive());
  }

  @Test
  void aFaultWithNoDriverIsAnErrorEventNotACrash() {
    Nemesis nemesis = new Nemesis(List.of(), e -> {});

    List<NemesisEvent> events = nemesis.run(plan(), System.nanoTime());

    assertThat(events)
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e.error()).startsWith("IllegalStateException: no driver for "));
  }
}
