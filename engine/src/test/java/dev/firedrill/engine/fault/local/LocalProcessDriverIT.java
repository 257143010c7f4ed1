package dev.firedrill.engine.fault.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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

    String detail = driver.inject(kill);

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

    driver.inject(pause);
    assertThat(state(processes.pid("payments"))).isEqualTo('T');
    driver.heal(pause);
    driver.heal(pause);

    assertThat(state(processes.pid("payments"))).isNotEqualTo('T');
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
