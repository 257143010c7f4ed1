package dev.firedrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged CLI drives a real 3-member etcd (Debian's etcd-server) started as the drill's
 * processes, peer links through the embedded proxy, and is stopped the hard ways: a SIGINT to its
 * whole process group (what a terminal's Ctrl-C sends) reaches Firedrill only, which heals and
 * stops every member; a SIGKILL of the runner mid-pause leaves a member stopped and all of them
 * orphaned, and {@code firedrill heal} — or the next run — leaves none stopped or running.
 */
class EtcdClusterCliIT {

  private static final Path ETCD = Path.of("/usr/bin/etcd");

  @TempDir Path dir;
  private final List<Process> started = new ArrayList<>();
  private int[] client;

  @BeforeAll
  static void requireEtcd() {
    if (!Files.isExecutable(ETCD)) {
      String hint = "etcd is not installed: apt-get install etcd-server";
      if (System.getenv("CI") != null) {
        throw new IllegalStateException(hint + " (.ci/run installs it)");
      }
      Assumptions.abort(hint);
    }
  }

  @AfterEach
  void cleanUp() {
    started.forEach(Process::destroyForcibly);
    members().forEach(ProcessHandle::destroyForcibly); // SIGKILL ends a stopped one too
  }

  @Test
  void aSigintToTheRunnersProcessGroupHealsAndStopsEveryMember() throws Exception {
    Path drill = drill("60s", "1s", "40s");
    Process cli = runner(drill);
    StringBuilder output = new StringBuilder();
    readUntil(cli, output, "INJECT freeze#0");
    assertThat(members()).as("three members run:\n%s", output).hasSize(3);

    // What a terminal does on Ctrl-C: SIGINT to the foreground process group, the runner's.
    signal("-INT", "-" + cli.pid());
    readToEnd(cli, output);

    assertThat(cli.waitFor(60, TimeUnit.SECONDS)).as(output.toString()).isTrue();
    assertThat(cli.exitValue()).as(output.toString()).isEqualTo(Firedrill.FAIL);
    Path run = onlyRun();
    JsonNode results = new ObjectMapper().readTree(run.resolve("results.json").toFile());
    assertThat(results.path("verdict").asText()).isEqualTo("Aborted");
    assertThat(results.path("message").asText()).isEqualTo("interrupted (Ctrl-C)");
    assertThat(members()).as("every member stopped").isEmpty();
    for (String m : List.of("e1", "e2", "e3")) {
      String log = Files.readString(run.resolve("logs/" + m + ".log"));
      assertThat(log)
          .as("%s was stopped by Firedrill (SIGTERM), never reached by the SIGINT", m)
          .contains("received terminated signal")
          .doesNotContain("received interrupt signal");
    }
  }

  @Test
  void afterASigkillOfTheRunnerMidPauseHealLeavesNoMemberStoppedOrRunning() throws Exception {
    Path drill = drill("60s", "1s", "40s");
    Process cli = runner(drill);
    StringBuilder output = new StringBuilder();
    readUntil(cli, output, "INJECT freeze#0");
    cli.destroyForcibly();
    cli.waitFor(10, TimeUnit.SECONDS);
    List<ProcessHandle> orphans = members();
    assertThat(orphans).as("the dead runner left its members:\n%s", output).hasSize(3);
    assertThat(orphans.stream().filter(p -> state(p.pid()) == 'T'))
        .as("and one of them stopped")
        .hasSize(1);

    CliRun heal = CliRun.of("heal", onlyRun().toString());

    assertThat(heal.exitCode()).as(heal.out() + heal.err()).isZero();
    assertThat(heal.out())
        .contains("1 fault(s) in effect, 1 healed, 0 left; 3 process(es) stopped");
    assertThat(members()).as("no member stopped or running").isEmpty();
  }

  @Test
  void theNextRunStopsWhatAKilledRunnerLeftAndThenPasses() throws Exception {
    Process first = runner(drill("60s", "1s", "40s"));
    StringBuilder output = new StringBuilder();
    readUntil(first, output, "INJECT freeze#0");
    first.destroyForcibly();
    first.waitFor(10, TimeUnit.SECONDS);
    assertThat(members()).hasSize(3);

    Process second = runner(drill("5s", "2s", "1s"));
    StringBuilder again = new StringBuilder();
    readToEnd(second, again);

    assertThat(second.waitFor(90, TimeUnit.SECONDS)).as(again.toString()).isTrue();
    assertThat(again.toString()).contains("was left by a runner that died: 1 fault(s) healed");
    assertThat(second.exitValue()).as(again.toString()).isEqualTo(Firedrill.PASS);
    assertThat(members()).as("no member outlives either run").isEmpty();
  }

  /** The cluster drill: quorum reads on e1, a pause of e2 from {@code pauseAt}. */
  private Path drill(String duration, String pauseAt, String pauseFor) throws IOException {
    if (client == null) {
      client = new int[] {freePort(), freePort(), freePort()};
    }
    int[] peer = {freePort(), freePort(), freePort()};
    int[] proxy = {freePort(), freePort(), freePort()};
    StringBuilder cluster = new StringBuilder();
    for (int i = 0; i < 3; i++) {
      cluster.append(i == 0 ? "" : ",").append("e").append(i + 1);
      cluster.append("=http://127.0.0.1:").append(proxy[i]);
    }
    StringBuilder y =
        new StringBuilder("description: etcd under a pause, stopped the hard way.\ntarget:\n");
    y.append("  processes:\n");
    for (int i = 0; i < 3; i++) {
      String c = "http://127.0.0.1:" + client[i];
      y.append(
          """
            - name: e%d
              command: ["%s", --name, e%d, --data-dir, "{{runDir}}/data/e%d",
                        --listen-client-urls, "%s", --advertise-client-urls, "%s",
                        --listen-peer-urls, "http://127.0.0.1:%d",
                        --initial-advertise-peer-urls, "http://127.0.0.1:%d",
                        --initial-cluster, "%s", --initial-cluster-state, new,
                        --enable-v2=true]
              port: %d
              ports: [%d]
              health: %s/health
          """
              .formatted(
                  i + 1, ETCD, i + 1, i + 1, c, c, peer[i], proxy[i], cluster, client[i], peer[i],
                  c));
    }
    y.append("toxiproxy:\n  proxies:\n");
    for (int i = 0; i < 3; i++) {
      y.append(
          "    - {name: peer-e%d, listen: \"127.0.0.1:%d\", upstream: \"127.0.0.1:%d\"}\n"
              .formatted(i + 1, proxy[i], peer[i]));
    }
    y.append(
        """
        workload:
          type: kv
          baseUrl: http://127.0.0.1:%d
          rate: 20
          duration: %s
          keys: 2
          timeout: 1s
          operations:
            read:
              path: /v2/keys/firedrill/{{key}}
              query: {quorum: "true"}
              extract: /node/value
              status: {"404": absent}
            write:
              method: PUT
              path: /v2/keys/firedrill/{{key}}
              form: {value: "{{value}}"}
        faults:
          - name: freeze
            at: %s
            duration: %s
            pause: {processes: [e2]}
        invariants:
          - type: linearizable
            model: register
        recovery: 1s
        """
            .formatted(client[0], duration, pauseAt, pauseFor));
    Path file = dir.resolve("etcd-" + System.nanoTime() + ".yaml");
    Files.writeString(file, y.toString());
    return file;
  }

  /** The packaged CLI in a session and process group of its own, run dirs under dir/runs. */
  private Process runner(Path drill) throws IOException {
    Path jar = Path.of("target", "firedrill-cli.jar").toAbsolutePath();
    assertThat(jar).as("the packaged CLI (failsafe runs after package)").exists();
    String java = ProcessHandle.current().info().command().orElse("java");
    // env --default-signal: a JVM started with SIGINT ignored (a backgrounded shell) never sees it.
    Process p =
        new ProcessBuilder(
                "setsid",
                "env",
                "--default-signal=INT",
                java,
                "-jar",
                jar.toString(),
                "run",
                drill.toString(),
                "--out",
                dir.resolve("runs").toString(),
                "--seed",
                "3")
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    started.add(p);
    return p;
  }

  private final java.util.Map<Process, BufferedReader> readers = new java.util.HashMap<>();

  private BufferedReader reader(Process p) {
    return readers.computeIfAbsent(
        p,
        k -> new BufferedReader(new InputStreamReader(k.getInputStream(), StandardCharsets.UTF_8)));
  }

  private void readUntil(Process p, StringBuilder output, String marker) throws IOException {
    String line;
    while ((line = reader(p).readLine()) != null) {
      output.append(line).append('\n');
      if (line.contains(marker)) {
        return;
      }
    }
    throw new AssertionError("the runner ended before " + marker + ":\n" + output);
  }

  private void readToEnd(Process p, StringBuilder output) throws IOException {
    String line;
    while ((line = reader(p).readLine()) != null) {
      output.append(line).append('\n');
    }
  }

  private Path onlyRun() throws IOException {
    try (Stream<Path> runs = Files.list(dir.resolve("runs"))) {
      return runs.filter(Files::isDirectory).findFirst().orElseThrow();
    }
  }

  /** This test's etcd members alive now, found by their client port in the command line. */
  private List<ProcessHandle> members() {
    if (client == null) {
      return List.of();
    }
    return ProcessHandle.allProcesses()
        .filter(p -> {
          String line = p.info().commandLine().orElse("");
          if (!line.startsWith(ETCD.toString())) {
            return false;
          }
          for (int c : client) {
            if (line.contains("127.0.0.1:" + c + " ")) {
              return true;
            }
          }
          return false;
        })
        .toList();
  }

  private static char state(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2);
    } catch (IOException e) {
      return '?';
    }
  }

  private static void signal(String signal, String target) throws Exception {
    new ProcessBuilder("kill", signal, "--", target).start().waitFor(5, TimeUnit.SECONDS);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
