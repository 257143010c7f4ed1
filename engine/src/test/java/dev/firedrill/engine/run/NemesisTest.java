package dev.firedrill.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.engine.fault.FaultDriver;
import dev.firedrill.engine.fault.FaultLedger;
import dev.firedrill.engine.fault.Ledger;
import dev.firedrill.engine.fault.LedgerEntry;
import dev.firedrill.engine.model.DrillSpec;
import dev.firedrill.engine.model.NetworkFault;
import dev.firedrill.engine.model.Partition;
import dev.firedrill.engine.plan.Plan;
import dev.firedrill.engine.plan.PlannedFault;
import dev.firedrill.engine.plan.Planner;
import dev.firedrill.engine.validate.DrillLoader;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class NemesisTest {

  /**
   * Records what the nemesis asked for; fails to inject faults named in {@code failing}. A
   * partition is an exclusive resource of its proxy, as the Toxiproxy driver makes it.
   */
  static final class TestingFaultDriver implements FaultDriver {
    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<String> failing;
    final AtomicInteger healFailures = new AtomicInteger();

    TestingFaultDriver(String... failing) {
      this.failing = List.of(failing);
    }

    @Override
    public String kind() {
      return "testing";
    }

    @Override
    public boolean handles(PlannedFault fault) {
      return fault.action() instanceof NetworkFault;
    }

    @Override
    public List<LedgerEntry> prepare(PlannedFault fault) {
      return fault.targets().stream()
          .map(t ->
              LedgerEntry.planned(
                  fault.id(),
                  fault.action().kind(),
                  kind(),
                  t,
                  Map.of("proxy", t),
                  fault.action() instanceof Partition ? "proxy " + t + " enabled" : null))
          .toList();
    }

    @Override
    public String inject(PlannedFault fault, LedgerEntry target) {
      calls.add("inject " + fault.id());
      if (failing.contains(fault.name())) {
        throw new IllegalStateException("proxy answered 500");
      }
      return target.target();
    }

    @Override
    public void heal(LedgerEntry entry) {
      if (healFailures.getAndDecrement() > 0) {
        calls.add("heal failed " + entry.occurrence());
        throw new IllegalStateException("proxy answered 503");
      }
      calls.add("heal " + entry.occurrence());
    }
  }

  /** A fault ledger sink that keeps every write, and can refuse them. */
  static final class TestingLedger implements FaultLedger {
    final List<String> writes = new CopyOnWriteArrayList<>();
    volatile boolean refuse;

    @Override
    public void record(LedgerEntry entry) {
      if (refuse) {
        throw new IllegalStateException("the API server is unreachable");
      }
      writes.add("record " + entry.key() + " " + entry.state());
    }

    @Override
    public void update(LedgerEntry entry) {
      writes.add("update " + entry.key() + " " + entry.state());
    }
  }

  static Plan plan(String faults) {
    return plan(faults, "300ms");
  }

  static Plan plan(String faults, String workload) {
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
                  duration: %s
                  operations: {add: {path: /a}, read: {path: /a}}
                faults:
                %s
                invariants: [{type: noLostWrites}]
                """
                    .formatted(workload, faults.indent(2)))
            .drills()
            .getFirst()
            .spec();
    return Planner.plan(spec, 7);
  }

  static Plan plan() {
    return plan(
        """
        - {name: slow, at: 10ms, duration: 50ms, every: 100ms, latency: {proxies: [p], latency: 1ms}}
        - {name: cut, at: 20ms, duration: 250ms, partition: {proxies: [p]}}
        """);
  }

  private static Nemesis nemesis(
      FaultDriver driver, FaultLedger sink, List<NemesisEvent> seen, long origin) {
    return new Nemesis(
        List.of(driver), new Ledger(sink, InstantSource.system()), seen::add, origin);
  }

  @Test
  void stepsRunInPlanOrderAndNoneIsEarly() {
    TestingFaultDriver driver = new TestingFaultDriver();
    List<NemesisEvent> seen = new CopyOnWriteArrayList<>();
    long start = System.nanoTime();
    Nemesis nemesis = nemesis(driver, FaultLedger.NONE, seen, start - 5_000_000_000L);

    List<NemesisEvent> events = nemesis.run(plan(), start);

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
    assertThat(events.getFirst().planned().toMillis())
        .as("planned on the history's clock: 5 s of set-up, then 10 ms into the workload")
        .isEqualTo(5_010);
    assertThat(nemesis.active()).isEmpty();
  }

  @Test
  void everyEntryIsRecordedBeforeItsInjectAndUpdatedAfter() {
    TestingFaultDriver driver = new TestingFaultDriver();
    TestingLedger sink = new TestingLedger();
    Nemesis nemesis = nemesis(driver, sink, new CopyOnWriteArrayList<>(), System.nanoTime());

    nemesis.run(
        plan("- {name: cut, at: 1ms, duration: 20ms, partition: {proxies: [p]}}"),
        System.nanoTime());

    assertThat(sink.writes)
        .containsExactly(
            "record cut#0@p PLANNED", "update cut#0@p INJECTED", "update cut#0@p HEALED");
  }

  @Test
  void aLedgerThatRefusesTheRecordVetoesTheInject() {
    TestingFaultDriver driver = new TestingFaultDriver();
    TestingLedger sink = new TestingLedger();
    sink.refuse = true;
    Nemesis nemesis = nemesis(driver, sink, new CopyOnWriteArrayList<>(), System.nanoTime());

    List<NemesisEvent> events =
        nemesis.run(
            plan("- {name: cut, at: 1ms, duration: 20ms, partition: {proxies: [p]}}"),
            System.nanoTime());

    assertThat(driver.calls).as("nothing injected, nothing to heal").isEmpty();
    assertThat(events.getFirst().error())
        .startsWith("the fault ledger refused cut#0@p, nothing injected")
        .contains("the API server is unreachable");
  }

  @Test
  void aFailedInjectionIsRecordedAndStillHealedByHealAll() {
    TestingFaultDriver driver = new TestingFaultDriver("cut");
    Nemesis nemesis =
        nemesis(driver, FaultLedger.NONE, new CopyOnWriteArrayList<>(), System.nanoTime());
    long start = System.nanoTime();
    // The plan's own heal is 20 s away, so healAll (not the plan) heals the failed cut even on a
    // machine loaded enough that the poll below comes late.
    Plan longCut = plan("- {name: cut, at: 20ms, duration: 20s, partition: {proxies: [p]}}", "30s");
    Thread runner = Thread.ofVirtual().start(() -> nemesis.run(longCut, start));

    Awaitility.await().until(() -> driver.calls.contains("inject cut#0"));
    nemesis.stop();
    List<NemesisEvent> heals = nemesis.healAll();
    List<NemesisEvent> again = nemesis.healAll();

    assertThat(heals).extracting(e -> e.step().fault().id()).contains("cut#0");
    assertThat(heals).allSatisfy(e -> assertThat(e.error()).isNull());
    assertThat(again).isEmpty();
    assertThat(nemesis.active()).isEmpty();
    Awaitility.await().until(() -> !runner.isAlive());
  }

  @Test
  void overlappingPartitionsOfOneProxyReleaseItOnlyWithTheLastHeal() {
    TestingFaultDriver driver = new TestingFaultDriver();
    Nemesis nemesis =
        nemesis(driver, FaultLedger.NONE, new CopyOnWriteArrayList<>(), System.nanoTime());

    nemesis.run(
        plan(
            """
            - {name: first, at: 1ms, duration: 100ms, partition: {proxies: [p]}}
            - {name: second, at: 50ms, duration: 100ms, partition: {proxies: [p]}}
            """),
        System.nanoTime());

    assertThat(driver.calls)
        .as("first's heal at 101 ms leaves the proxy cut: second still holds it until 150 ms")
        .containsExactly("inject first#0", "inject second#0", "heal second#0");
  }

  @Test
  void aFailedHealIsRetriedWithBackoffAndReportedWhenItNeverWorks() {
    TestingFaultDriver driver = new TestingFaultDriver();
    driver.healFailures.set(2);
    List<NemesisEvent> seen = new CopyOnWriteArrayList<>();
    Nemesis nemesis = nemesis(driver, FaultLedger.NONE, seen, System.nanoTime());
    nemesis.run(
        plan("- {name: cut, at: 1ms, duration: 20ms, partition: {proxies: [p]}}"),
        System.nanoTime());
    assertThat(driver.calls)
        .containsExactly("inject cut#0", "heal failed cut#0", "heal failed cut#0", "heal cut#0");
    assertThat(seen.getLast().error()).isNull();

    TestingFaultDriver broken = new TestingFaultDriver();
    broken.healFailures.set(100);
    List<NemesisEvent> brokenEvents = new CopyOnWriteArrayList<>();
    Nemesis stuck = nemesis(broken, FaultLedger.NONE, brokenEvents, System.nanoTime());
    stuck.run(
        plan("- {name: cut, at: 1ms, duration: 20ms, partition: {proxies: [p]}}"),
        System.nanoTime());
    assertThat(brokenEvents.getLast().error())
        .isEqualTo("heal failed: p: IllegalStateException: proxy answered 503");
    assertThat(stuck.active()).extracting(PlannedFault::id).containsExactly("cut#0");
  }

  @Test
  void theGateStopsTheNemesisBeforeItsFirstInject() {
    TestingFaultDriver driver = new TestingFaultDriver();
    Nemesis nemesis =
        nemesis(driver, FaultLedger.NONE, new CopyOnWriteArrayList<>(), System.nanoTime());

    List<NemesisEvent> events =
        nemesis.run(plan(), System.nanoTime(), () -> Optional.of("every operation failed"));

    assertThat(events).isEmpty();
    assertThat(driver.calls).isEmpty();
  }

  @Test
  void aFaultWithNoDriverIsAnErrorEventNotACrash() {
    Nemesis nemesis =
        new Nemesis(
            List.of(),
            new Ledger(FaultLedger.NONE, InstantSource.system()),
            e -> {},
            System.nanoTime());

    assertThat(Nemesis.unclaimed(plan(), List.of())).hasSize(4);
    List<NemesisEvent> events = nemesis.run(plan(), System.nanoTime());

    assertThat(events)
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e.error()).startsWith("IllegalStateException: no driver for "));
  }
}
