package dev.firedrill.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to the packaged CLI while it waits for a target's health on start-up (60 s allowed): the
 * run stops at once, is reported as terminated (not as a Ctrl-C), writes its reports and exits 1;
 * the target — a wrapper shell ignoring SIGTERM, and its child, which inherits that — is gone too,
 * since the group gets SIGKILL after the grace.
 */
class StopSignalsIT {

  @TempDir Path dir;
  private Process cli;

  @AfterEach
  void cleanUp() {
    if (cli != null) {
      cli.destroyForcibly();
    }
    stubborn().forEach(ProcessHandle::destroyForcibly);
  }

  @Test
  void sigtermDuringStartUpAbortsAtOnceWritesTheReportsAndLeavesNoGrandchild() throws Exception {
    Path jar = Path.of("target", "firedrill-cli.jar").toAbsolutePath();
    assertThat(jar).as("the packaged CLI (failsafe runs after package)").exists();
    int closed = freePort();
    Path drill = dir.resolve("stuck.yaml");
    Files.writeString(
        drill,
        """
        description: A target that never gets healthy and ignores SIGTERM.
        target:
          processes:
            - name: stuck
              command: [sh, -c, "trap '' TERM; sleep 600.4242 & wait"]
              health: http://127.0.0.1:%d/health
              startTimeout: 60s
        workload:
          type: counter
          baseUrl: http://127.0.0.1:%d
          duration: 5s
          operations:
            add: {path: /add}
            read: {path: /read}
        invariants:
          - type: counter
        """
            .formatted(closed, closed));
    String java = ProcessHandle.current().info().command().orElse("java");
    cli =
        new ProcessBuilder(
                java,
                "-jar",
                jar.toString(),
                "run",
                drill.toString(),
                "--out",
                dir.resolve("runs").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("cli.log").toFile())
            .start();
    await().atMost(Duration.ofSeconds(30)).until(() -> !stubborn().isEmpty());

    long signalled = System.nanoTime();
    new ProcessBuilder("kill", "-TERM", Long.toString(cli.pid())).start().waitFor();
    assertThat(cli.waitFor(30, TimeUnit.SECONDS)).isTrue();
    long tookMs = (System.nanoTime() - signalled) / 1_000_000;

    String output = Files.readString(dir.resolve("cli.log"), StandardCharsets.UTF_8);
    assertThat(cli.exitValue()).as(output).isEqualTo(Firedrill.FAIL);
    assertThat(tookMs)
        .as("stopped at once, not after the 60 s start-up wait (3 s of it the SIGTERM grace)")
        .isLessThan(15_000);
    Path run;
    try (Stream<Path> runs = Files.list(dir.resolve("runs"))) {
      run = runs.findFirst().orElseThrow();
    }
    JsonNode results = new ObjectMapper().readTree(run.resolve("results.json").toFile());
    assertThat(results.path("verdict").asText()).as(output).isEqualTo("Aborted");
    assertThat(results.path("message").asText()).isEqualTo("terminated (SIGTERM)");
    assertThat(run.resolve("junit.xml")).exists();
    assertThat(run.resolve("report.html")).exists();
    assertThat(stubborn()).as("no grandchild survives").isEmpty();
  }

  private static java.util.List<ProcessHandle> stubborn() {
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().orElse("").contains("600.4242"))
        .toList();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
