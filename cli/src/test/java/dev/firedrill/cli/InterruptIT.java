package dev.firedrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firedrill.check.history.JsonlHistoryReader;
import dev.firedrill.check.history.Op;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C for real: the packaged CLI runs a drill as its own process, gets SIGINT while a process of
 * the drill is paused, heals it, completes the history and reports, and exits as Aborted.
 */
class InterruptIT {

  @TempDir Path dir;

  @Test
  void sigintMidRunHealsAndLeavesACompleteHistory() throws Exception {
    Path jar = Path.of("target", "firedrill-cli.jar").toAbsolutePath();
    assertThat(jar).as("the packaged CLI (failsafe runs after package)").exists();
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path drill = dir.resolve("interrupt.yaml");
    Files.writeString(
        drill,
        """
        description: A long pause, interrupted by Ctrl-C.
        target:
          processes:
            - name: api
              command: ["${java}", -jar, "%s", proxy, --port, "%d"]
              health: http://127.0.0.1:%d/version
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
          - name: freeze
            at: 1s
            duration: 50s
            pause: {processes: [api]}
        invariants:
          - type: counter
        recovery: 1s
        """
            .formatted(jar, port, port, port));
    String java = ProcessHandle.current().info().command().orElse("java");
    // env --default-signal: a JVM started with SIGINT ignored (a backgrounded shell) never sees it.
    Process cli =
        new ProcessBuilder(
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
                "5")
            .redirectErrorStream(true)
            .start();
    StringBuilder output = new StringBuilder();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(cli.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        output.append(line).append('\n');
        if (line.contains("INJECT freeze#0")) {
          new ProcessBuilder("kill", "-INT", Long.toString(cli.pid()))
              .start()
              .waitFor(5, TimeUnit.SECONDS);
        }
      }
    }
    assertThat(cli.waitFor(90, TimeUnit.SECONDS))
        .as("the CLI exits after Ctrl-C:\n%s", output)
        .isTrue();

    assertThat(cli.exitValue()).as(output.toString()).isEqualTo(Firedrill.FAIL);
    Path run;
    try (Stream<Path> runs = Files.list(dir.resolve("runs"))) {
      run = runs.findFirst().orElseThrow();
    }
    JsonNode results = new ObjectMapper().readTree(run.resolve("results.json").toFile());
    assertThat(results.path("verdict").asText()).isEqualTo("Aborted");
    assertThat(results.path("message").asText()).isEqualTo("interrupted (Ctrl-C)");
    List<Op> history = JsonlHistoryReader.read(run.resolve("history.jsonl")).ops();
    assertThat(history)
        .anySatisfy(o -> {
          assertThat(o.f()).isEqualTo("heal");
          assertThat(o.key()).isEqualTo("freeze#0");
          assertThat(o.error()).isNull();
        });
    assertThat(history.getLast().type().wireName())
        .as("the history ends with a completion")
        .isNotEqualTo("invoke");
    assertThat(Files.readString(run.resolve("report.html"))).contains("Aborted");
    assertThat(portIsClosed(port)).as("the drill's process is stopped").isTrue();
  }

  private static boolean portIsClosed(int port) {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }
}
