package dev.firedrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.engine.fault.FileLedger;
import dev.firedrill.engine.fault.LedgerEntry;
import dev.firedrill.proxy.ToxiproxyServer;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A runner SIGKILLed mid-fault leaves a process stopped and a toxic on the drill's Toxiproxy;
 * {@code firedrill heal RUN_DIR} undoes both from the run's ledger alone, with no live run, and
 * stops the process the dead runner left (from its processes.json).
 */
class HealCommandIT {

  @TempDir Path dir;
  private ToxiproxyServer toxiproxy;
  private long orphan;

  @AfterEach
  void cleanUp() {
    if (toxiproxy != null) {
      toxiproxy.close();
    }
    if (orphan > 0) {
      ProcessHandle.of(orphan)
          .ifPresent(ProcessHandle::destroyForcibly); // SIGKILL ends a stopped one too
    }
  }

  @Test
  void healUndoesWhatAKilledRunnerLeftFromItsLedger() throws Exception {
    Path jar = Path.of("target", "firedrill-cli.jar").toAbsolutePath();
    assertThat(jar).as("the packaged CLI (failsafe runs after package)").exists();
    toxiproxy = ToxiproxyServer.start("127.0.0.1", 0);
    int apiPort = freePort();
    int listen = freePort();
    Path drill = dir.resolve("crash.yaml");
    Files.writeString(
        drill,
        """
        description: The runner is killed while a process is paused and a link is slow.
        target:
          processes:
            - name: api
              command: ["${java}", -jar, "%s", proxy, --port, "%d"]
              health: http://127.0.0.1:%d/version
        toxiproxy:
          url: http://127.0.0.1:%d
          proxies: [{name: link, listen: "127.0.0.1:%d", upstream: "127.0.0.1:%d"}]
        workload:
          type: counter
          baseUrl: http://127.0.0.1:%d
          rate: 20
          duration: 60s
          timeout: 300ms
          operations:
            add: {path: /version}
            read: {path: /version}
        faults:
          - {name: freeze, at: 1s, duration: 50s, pause: {processes: [api]}}
          - {name: slow, at: 1s, duration: 50s, latency: {proxies: [link], latency: 2s}}
        invariants:
          - type: counter
        recovery: 1s
        """
            .formatted(jar, apiPort, apiPort, toxiproxy.apiPort(), listen, apiPort, listen));
    String java = ProcessHandle.current().info().command().orElse("java");
    Process cli =
        new ProcessBuilder(
                java,
                "-jar",
                jar.toString(),
                "run",
                drill.toString(),
                "--out",
                dir.resolve("runs").toString(),
                "--seed",
                "5")
            .redirectErrorStream(true)
            .start();
    StringBuilder output = new StringBuilder();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(cli.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      int injected = 0;
      while ((line = out.readLine()) != null) {
        output.append(line).append('\n');
        if (line.contains("INJECT freeze#0") || line.contains("INJECT slow#0")) {
          injected++;
        }
        if (injected == 2) {
          cli.destroyForcibly(); // SIGKILL: no shutdown hook, no heal
          break;
        }
      }
    }
    assertThat(cli.waitFor(30, TimeUnit.SECONDS)).as(output.toString()).isTrue();
    Path run;
    try (Stream<Path> runs = Files.list(dir.resolve("runs"))) {
      run = runs.findFirst().orElseThrow();
    }
    List<LedgerEntry> left = FileLedger.read(run);
    assertThat(left).as(output.toString()).hasSize(2);
    orphan = Long.parseLong(pausedEntry(left).undo().get("pid"));
    assertThat(state(orphan)).as("the killed runner left api stopped").isEqualTo('T');
    ToxiproxyClient client = new ToxiproxyClient("127.0.0.1", toxiproxy.apiPort());
    assertThat(client.getProxy("link").toxics().getAll()).as("and its toxic on").hasSize(1);

    Process heal =
        new ProcessBuilder(java, "-jar", jar.toString(), "heal", run.toString())
            .redirectErrorStream(true)
            .start();
    String healOut = new String(heal.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(heal.waitFor(30, TimeUnit.SECONDS)).isTrue();

    assertThat(heal.exitValue()).as(healOut).isZero();
    assertThat(healOut).contains("2 fault(s) in effect, 2 healed, 0 left; 1 process(es) stopped");
    assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false))
        .as("resumed, then stopped: the dead runner's process is not left running")
        .isFalse();
    assertThat(client.getProxy("link").toxics().getAll()).isEmpty();
    assertThat(FileLedger.read(run))
        .allSatisfy(e -> assertThat(e.state()).isEqualTo(LedgerEntry.State.HEALED));

    Process again =
        new ProcessBuilder(java, "-jar", jar.toString(), "heal", run.toString())
            .redirectErrorStream(true)
            .start();
    String againOut = new String(again.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(again.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(again.exitValue()).as("idempotent: " + againOut).isZero();
    assertThat(againOut).contains("0 fault(s) in effect");
  }

  private static LedgerEntry pausedEntry(List<LedgerEntry> entries) {
    return entries.stream().filter(e -> e.action().equals("pause")).findFirst().orElseThrow();
  }

  private static char state(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    return stat.charAt(stat.lastIndexOf(')') + 2);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
