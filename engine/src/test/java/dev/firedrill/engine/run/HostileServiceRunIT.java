package dev.firedrill.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firedrill.check.history.JsonlHistoryReader;
import dev.firedrill.check.history.Op;
import dev.firedrill.check.history.OpType;
import dev.firedrill.engine.fault.FileLedger;
import dev.firedrill.engine.fault.local.LocalProcessSetup;
import dev.firedrill.engine.fault.toxiproxy.ToxiproxySetup;
import dev.firedrill.engine.model.Verdict;
import dev.firedrill.engine.validate.DrillLoader;
import dev.firedrill.engine.validate.LoadResult;
import dev.firedrill.engine.workload.http.TestingHostileServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole runs against a real hostile service on loopback ({@link TestingHostileServer}): reads that
 * answer 50 MB, a probe whose answer never ends, a health check whose answer never ends. The run
 * ends in its time, its history stays small and its reports are written.
 */
class HostileServiceRunIT {

  @TempDir Path dir;
  private TestingHostileServer server;

  @BeforeEach
  void start() throws Exception {
    server = new TestingHostileServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private RunResult run(String drill) throws Exception {
    Path file = dir.resolve("drill.yaml");
    Files.writeString(file, drill);
    LoadResult loaded = new DrillLoader().loadFile(file);
    assertThat(loaded.problems()).isEmpty();
    Path runDir = dir.resolve("run");
    return Engine.run(
        RunRequest.of(loaded.drills().getFirst(), runDir)
            .withSeed(5L)
            .withSetups(List.of(new ToxiproxySetup(), new LocalProcessSetup(Map.of())))
            .withLedger(new FileLedger(runDir)));
  }

  @Test
  void hugeReadsAndAnEndlessProbeStillEndInAReport() throws Exception {
    long start = System.nanoTime();
    RunResult r =
        run(
            """
            description: a service that answers reads with 50 MB and probes with no end
            target: {namespace: shop}
            workload:
              type: set
              baseUrl: %s
              rate: 20
              duration: 2s
              timeout: 1s
              operations:
                add: {method: POST, path: /ok, json: '{{value}}'}
                read: {path: /huge, extract: /ids}
            probes:
              - name: endless
                interval: 500ms
                http: {url: "%s/endless", timeout: 300ms}
            faults: []
            invariants: [{type: noLostWrites}]
            recovery: 500ms
            """
                .formatted(server.url(), server.url()));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(took).isLessThan(Duration.ofSeconds(30));
    assertThat(r.verdict()).as(r.message()).isNotEqualTo(Verdict.PASS);
    Path runDir = r.runDir();
    assertThat(runDir.resolve("report.html")).exists();
    assertThat(runDir.resolve("junit.xml")).exists();
    JsonNode results = new ObjectMapper().readTree(runDir.resolve("results.json").toFile());
    assertThat(results.path("verdict").asText()).isNotEmpty();
    assertThat(Files.size(runDir.resolve("history.jsonl")))
        .as("no 50 MB body made it into the history")
        .isLessThan(1024 * 1024);
    List<Op> history = JsonlHistoryReader.read(runDir.resolve("history.jsonl")).ops();
    assertThat(history)
        .filteredOn(o -> "read".equals(o.f()) && o.type() != OpType.INVOKE)
        .isNotEmpty()
        .allSatisfy(o -> assertThat(o.type()).isEqualTo(OpType.INFO));
    assertThat(history).filteredOn(o -> "add".equals(o.f()) && o.type() == OpType.OK).isNotEmpty();
  }

  @Test
  void aHealthCheckWhoseAnswerNeverEndsFailsStartUpAtItsLimit() throws Exception {
    long start = System.nanoTime();
    RunResult r =
        run(
            """
            description: a process whose health endpoint never finishes its answer
            target:
              processes:
                - name: sleeper
                  command: [sleep, "60"]
                  health: %s/endless
                  startTimeout: 2s
            workload:
              type: set
              baseUrl: %s
              rate: 10
              duration: 1s
              operations:
                add: {method: POST, path: /ok, json: '{{value}}'}
                read: {path: /ok, extract: /ids}
            faults: []
            invariants: [{type: noLostWrites}]
            """
                .formatted(server.url(), server.url()));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(r.message()).contains("did not answer " + server.url() + "/endless");
    assertThat(took).isLessThan(Duration.ofSeconds(10));
    assertThat(r.runDir().resolve("results.json")).exists();
  }
}
