package dev.firedrill.engine.fault.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.firedrill.engine.fault.LedgerEntry;
import dev.firedrill.engine.model.LocalProcess;
import dev.firedrill.engine.model.Pause;
import dev.firedrill.engine.model.PodKill;
import dev.firedrill.engine.model.PodKillMode;
import dev.firedrill.engine.plan.PlannedFault;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalProcessDriverIT {

  @TempDir Path dir;
  private LocalProcesses processes;

  @AfterEach
  void close() {
    processes.close();
  }

  @Test
  void podKillKillsThePlannedProcessAndItComesBackAfterRestartAfter() throws Exception {
    processes = start("orders");
    long before = processes.pid("orders");
    LocalProcessDriver driver = new LocalProcessDriver(processes);
    PlannedFault kill =
        new PlannedFault(
            "kill",
            0,
            Duration.ZERO,
            null,
            new PodKill(PodKillMode.ONE, null, null, null, "300ms"),
            List.of("orders"),
            1);

    assertThat(driver.handles(kill)).isTrue();
    LedgerEntry entry = driver.prepare(kill).getFirst();
    assertThat(entry.exclusive()).as("a kill is not undone").isNull();
    String detail = driver.inject(kill, entry);

    assertThat(detail).isEqualTo("orders pid " + before);
    assertThat(ProcessHandle.of(before).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> processes.isAlive("orders") && processes.pid("orders") != before);
  }

  @Test
  void pauseStopsTheProcessUntilHealedAndHealIsIdempotent() throws Exception {
    processes = start("payments");
    LocalProcessDriver driver = new LocalProcessDriver(processes);
    PlannedFault pause =
        new PlannedFault(
            "gc",
            0,
            Duration.ZERO,
            Duration.ofSeconds(1),
            new Pause(List.of("payments")),
            List.of("payments"),
            1);

    LedgerEntry entry = driver.prepare(pause).getFirst();
    assertThat(entry.undo())
        .containsEntry("pid", Long.toString(processes.pid("payments")))
        .containsKeys("started");
    assertThat(entry.exclusive())
        .isEqualTo("process pid " + processes.pid("payments") + " stopped");
    driver.inject(pause, entry);
    assertThat(state(processes.pid("payments"))).isEqualTo('T');
    driver.heal(entry);
    driver.heal(entry);

    assertThat(state(processes.pid("payments"))).isNotEqualTo('T');
  }

  @Test
  void aHealerWithNoLiveRunResumesThePausedProcessByPidAndStartTime() throws Exception {
    processes = start("payments");
    LocalProcessDriver driver = new LocalProcessDriver(processes);
    PlannedFault pause =
        new PlannedFault(
            "gc",
            0,
            Duration.ZERO,
            Duration.ofSeconds(1),
            new Pause(List.of("payments")),
            List.of("payments"),
            1);
    LedgerEntry entry = driver.prepare(pause).getFirst();
    driver.inject(pause, entry);
    long pid = processes.pid("payments");

    LedgerEntry otherStart =
        new LedgerEntry(
            entry.occurrence(),
            entry.action(),
            entry.driver(),
            entry.target(),
            Map.of(
                "pid", Long.toString(pid), "started", "1999-01-01T00:00:00Z", "signal", "SIGCONT"),
            entry.exclusive(),
            entry.state(),
            null,
            null,
            null);
    new ProcessHealer().heal(otherStart);
    assertThat(state(pid)).as("a pid whose start time differs is never touched").isEqualTo('T');

    new ProcessHealer().heal(entry);
    assertThat(state(pid)).isNotEqualTo('T');
  }

  @Test
  void maxPodsDownVetoesAKillThatWouldTakeTooManyProcessesDown() throws Exception {
    int a = TestingHealthServer.freePort();
    int b = TestingHealthServer.freePort();
    processes = new LocalProcesses(dir, dir.resolve("logs"));
    processes.startAll(
        List.of(
            new LocalProcess(
                "orders",
                TestingHealthServer.command(a),
                Map.of(),
                null,
                a,
                "http://127.0.0.1:" + a + "/health",
                "20s"),
            new LocalProcess(
                "payments",
                TestingHealthServer.command(b),
                Map.of(),
                null,
                b,
                "http://127.0.0.1:" + b + "/health",
                "20s")));
    List<String> trips = new java.util.concurrent.CopyOnWriteArrayList<>();
    dev.firedrill.engine.run.RunSignals signals =
        new dev.firedrill.engine.run.RunSignals() {
          @Override
          public void note(String f, String key, Map<String, ?> value, String error) {}

          @Override
          public void guardrail(String reason) {
            trips.add(reason);
          }

          @Override
          public void inconclusive(String reason) {}
        };
    LocalProcessDriver driver =
        new LocalProcessDriver(processes, List.of("orders", "payments"), 1, signals);
    PlannedFault killOrders = kill("orders", "1h"); // stays down for the test
    driver.inject(killOrders, driver.prepare(killOrders).getFirst());

    PlannedFault killPayments = kill("payments", "1h");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> driver.prepare(killPayments))
        .hasMessage(
            "vetoed by guardrails maxPodsDown (1): killing payments would take 2 of 2 processes"
                + " down (already down: orders); nothing was killed");
    assertThat(processes.isAlive("payments")).isTrue();
    assertThat(trips).isEmpty();

    processes.healAll();
    driver.restored();
    assertThat(driver.prepare(killPayments)).hasSize(1);
  }

  private static PlannedFault kill(String name, String restartAfter) {
    return new PlannedFault(
        "kill-" + name,
        0,
        Duration.ZERO,
        null,
        new PodKill(PodKillMode.ONE, null, null, null, restartAfter),
        List.of(name),
        1);
  }

  @Test
  void aPodKillByLabelIsNotALocalFault() {
    processes = new LocalProcesses(dir, dir.resolve("logs"));
    LocalProcessDriver driver = new LocalProcessDriver(processes);
    PlannedFault byLabel =
        new PlannedFault(
            "kill",
            0,
            Duration.ZERO,
            null,
            new PodKill(PodKillMode.ONE, null, Map.of("app", "orders"), null, null),
            List.of(),
            1);
    assertThat(driver.handles(byLabel)).isFalse();
  }

  private LocalProcesses start(String name) throws IOException {
    int port = TestingHealthServer.freePort();
    LocalProcesses p = new LocalProcesses(dir, dir.resolve("logs"));
    p.startAll(
        List.of(
            new LocalProcess(
                name,
                TestingHealthServer.command(port),
                Map.of(),
                null,
                port,
                "http://127.0.0.1:" + port + "/health",
                "20s")));
    return p;
  }

  private static char state(long pid) throws IOException {
    String stat = java.nio.file.Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    return stat.charAt(stat.lastIndexOf(')') + 2);
  }
}
