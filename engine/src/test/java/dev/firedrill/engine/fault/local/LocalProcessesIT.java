package dev.firedrill.engine.fault.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firedrill.engine.model.LocalProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real processes, real signals: SIGKILL and restart, SIGSTOP and SIGCONT, nothing left behind. */
class LocalProcessesIT {

  @TempDir Path dir;
  private LocalProcesses processes;

  @AfterEach
  void close() {
    if (processes != null) {
      processes.close();
    }
  }

  @Test
  void killRestartPauseResumeAndCloseLeaveNoProcessBehind() throws Exception {
    int port = TestingHealthServer.freePort();
    processes = new LocalProcesses(dir, dir.resolve("logs"));
    processes.startAll(List.of(server("orders", port)));
    long first = processes.pid("orders");
    assertThat(health(port, ANSWERS)).isEqualTo(200);

    long killed = processes.kill("orders");
    assertThat(killed).isEqualTo(first);
    assertThat(ProcessHandle.of(first).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(health(port)).as("nothing answers while it is down").isEqualTo(-1);

    processes.restart("orders");
    long second = processes.pid("orders");
    assertThat(second).isNotEqualTo(first);
    assertThat(health(port, ANSWERS)).isEqualTo(200);

    processes.pause("orders");
    assertThat(state(second)).isEqualTo('T');
    assertThat(health(port)).as("a stopped process accepts but never answers").isEqualTo(-1);
    processes.resume("orders");
    assertThat(state(second)).isNotEqualTo('T');
    assertThat(health(port, ANSWERS)).isEqualTo(200);

    processes.pause("orders");
    processes.close();
    processes = null;
    assertThat(ProcessHandle.of(second).map(ProcessHandle::isAlive).orElse(false))
        .as("closed even while paused")
        .isFalse();
    assertThat(Files.readString(dir.resolve("logs/orders.log"))).contains("listening on " + port);
  }

  @Test
  void healAllRestartsTheDeadAndResumesThePaused() throws Exception {
    int a = TestingHealthServer.freePort();
    int b = TestingHealthServer.freePort();
    processes = new LocalProcesses(dir, dir.resolve("logs"));
    processes.startAll(List.of(server("a", a), server("b", b)));
    processes.kill("a");
    processes.pause("b");

    processes.healAll();
    processes.healAll();

    assertThat(health(a)).isEqualTo(200);
    assertThat(health(b)).isEqualTo(200);
  }

  @Test
  void aProcessThatNeverGetsHealthyIsAClearError() {
    processes = new LocalProcesses(dir, dir.resolve("logs"));
    LocalProcess broken =
        new LocalProcess(
            "broken",
            List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                TestingHealthServer.classpath(),
                "no.such.Main"),
            Map.of(),
            null,
            null,
            "http://127.0.0.1:9/health",
            "5s");

    assertThatThrownBy(() -> processes.startAll(List.of(broken)))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("process broken exited with 1 before it was healthy; see ");
  }

  private static LocalProcess server(String name, int port) {
    return new LocalProcess(
        name,
        TestingHealthServer.command(port),
        Map.of(),
        null,
        port,
        "http://127.0.0.1:" + port + "/health",
        "20s");
  }

  /** The status of GET /health, or -1 when no answer came within 500 ms. */
  /**
   * Long enough for a process that is up to answer on a loaded machine; a down or stopped one is
   * asked with {@link #SILENT}, which a live one answers well within.
   */
  private static final Duration ANSWERS = Duration.ofSeconds(5);

  private static final Duration SILENT = Duration.ofMillis(500);

  private static int health(int port) {
    return health(port, SILENT);
  }

  private static int health(int port, Duration timeout) {
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build()) {
      HttpRequest r =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
              .timeout(timeout)
              .build();
      return http.send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** The state letter from /proc/PID/stat: R, S, T (stopped), Z... */
  private static char state(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    return stat.charAt(stat.lastIndexOf(')') + 2);
  }

  @Test
  void aRunRefusesToStartWhileAnotherProgramHoldsADeclaredPort() throws Exception {
    try (java.net.ServerSocket held =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      int port = held.getLocalPort();
      processes = new LocalProcesses(dir, dir.resolve("logs"));
      LocalProcess p =
          new LocalProcess(
              "orders",
              List.of("sh", "-c", "echo started; sleep 30"),
              Map.of(),
              null,
              1,
              null,
              "5s",
              List.of(port),
              null);
      assertThatThrownBy(() -> processes.startAll(List.of(p)))
          .hasMessageContaining("process orders: port " + port + " is already held")
          .hasMessageContaining("nothing was started");
      assertThat(processes.has("orders")).isFalse();
      assertThat(dir.resolve("logs/orders.log")).doesNotExist();
    }
  }

  @Test
  void anExitNobodyAskedForIsToldToTheWatcherAndAKillIsNot() throws Exception {
    List<String> exits = new java.util.concurrent.CopyOnWriteArrayList<>();
    processes =
        new LocalProcesses(
            dir,
            dir.resolve("logs"),
            Map.of(),
            new ProcessRegistry(dir),
            (name, pid, code) -> exits.add(name + " " + code));
    processes.startAll(
        List.of(
            new LocalProcess(
                "flaky",
                List.of("sh", "-c", "sleep 0.3; exit 3"),
                Map.of(),
                null,
                null,
                null,
                null),
            new LocalProcess(
                "steady", List.of("sh", "-c", "sleep 30"), Map.of(), null, null, null, null)));
    processes.kill("steady");

    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .until(() -> !exits.isEmpty());
    // steady's exit (awaited by kill, 0.3 s before flaky's) would have been told first
    assertThat(exits).containsExactly("flaky 3");
    assertThat(Files.readString(dir.resolve(ProcessRegistry.FILE)))
        .contains("\"name\" : \"flaky\"")
        .contains("\"group\" : true");
  }
}
