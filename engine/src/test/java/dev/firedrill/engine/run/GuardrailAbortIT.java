package dev.firedrill.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.check.history.JsonlHistoryReader;
import dev.firedrill.check.history.Op;
import dev.firedrill.engine.fault.local.LocalProcessSetup;
import dev.firedrill.engine.fault.local.TestingHealthServer;
import dev.firedrill.engine.model.Verdict;
import dev.firedrill.engine.validate.DrillLoader;
import dev.firedrill.engine.validate.LoadResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A guardrail trips mid-run: a real process is paused (SIGSTOP), its probe fails for longer than
 * allowed, and the run aborts at once — the pause healed within 1 s of the breach, before the load
 * drains — and records why.
 */
class GuardrailAbortIT {

  @TempDir Path dir;

  @Test
  void aFailingProbeAbortsTheRunHealsAndRecordsTheReason() throws Exception {
    int port = TestingHealthServer.freePort();
    String classes = TestingHealthServer.classpath();
    String url = "http://127.0.0.1:" + port;
    Path drill = dir.resolve("guardrail.yaml");
    Files.writeString(
        drill,
        """
        description: A paused service trips the guardrail.
        target:
          processes:
            - name: svc
              command: ["${java}", -cp, "%s", %s, "%d"]
              health: %s/health
        workload:
          type: counter
          baseUrl: %s
          rate: 20
          duration: 30s
          timeout: 300ms
          operations:
            add: {method: POST, path: /health}
            read: {path: /health}
        probes:
          - name: svc-health
            interval: 100ms
            http: {url: "%s/health", timeout: 200ms}
        guardrails:
          - probe: svc-health
            failingFor: 1s
        faults:
          - name: freeze
            at: 1s
            duration: 25s
            pause: {processes: [svc]}
        invariants:
          - type: counter
        recovery: 1s
        """
            .formatted(classes, TestingHealthServer.class.getName(), port, url, url, url));
    LoadResult loaded = new DrillLoader().loadFile(drill);
    assertThat(loaded.problems()).isEmpty();

    RunResult r =
        Engine.run(
            RunRequest.of(loaded.drills().getFirst(), dir.resolve("run"))
                .withSeed(3L)
                .withSetups(List.of(new LocalProcessSetup(Map.of()))));

    assertThat(r.verdict()).isEqualTo(Verdict.ABORTED);
    assertThat(r.message()).startsWith("guardrail: probe svc-health failing for 1s");
    assertThat(r.elapsed()).isLessThan(Duration.ofSeconds(20));
    List<Op> history = JsonlHistoryReader.read(dir.resolve("run/history.jsonl")).ops();
    Op inject = history.stream().filter(o -> "inject".equals(o.f())).findFirst().orElseThrow();
    Op abort = history.stream().filter(o -> "abort".equals(o.f())).findFirst().orElseThrow();
    Op heal = history.stream().filter(o -> "heal".equals(o.f())).findFirst().orElseThrow();
    assertThat(heal.key()).isEqualTo("freeze#0");
    assertThat(heal.error()).isNull();
    assertThat(abort.time()).isGreaterThan(inject.time());
    Op firstFailing =
        history.stream()
            .filter(o -> "probe".equals(o.f()) && o.time() > inject.time())
            .filter(o -> o.value() instanceof Map<?, ?> v && Boolean.FALSE.equals(v.get("healthy")))
            .findFirst()
            .orElseThrow();
    // The breach: the probe failed for failingFor (1 s); it trips at the first sample after that.
    assertThat(abort.time() - firstFailing.time())
        .as("tripped once the probe had failed for 1 s")
        .isBetween(Duration.ofMillis(900).toNanos(), Duration.ofMillis(2_000).toNanos());
    // At once: the heal is done within 1 s of the trip, not when the 25 s pause or the load ends.
    assertThat(heal.time() - abort.time())
        .as("healed within 1 s of the breach")
        .isBetween(0L, Duration.ofSeconds(1).toNanos());

    assertThat(history).anySatisfy(o -> assertThat(o.f()).isEqualTo("read"));
  }
}
