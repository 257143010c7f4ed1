package dev.firedrill.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.check.checker.Anomaly;
import dev.firedrill.check.history.JsonlHistoryReader;
import dev.firedrill.check.history.Op;
import dev.firedrill.check.history.OpType;
import dev.firedrill.engine.fault.local.LocalProcessSetup;
import dev.firedrill.engine.fault.local.TestingHealthServer;
import dev.firedrill.engine.model.Verdict;
import dev.firedrill.engine.validate.DrillLoader;
import dev.firedrill.engine.validate.LoadResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A drill whose kv workload maps {@code append}, run against a real HTTP string store in its own
 * process ({@link TestingStringKvServer}), paused once: the generator appends unique values, the
 * history records them, and {@code linearizable} checks the keys as strings. A correct store
 * passes; one that acknowledges an append and drops it fails, naming the key.
 */
class StringKvRunIT {
  @TempDir Path dir;

  private RunResult run(String storeArgs) throws Exception {
    int port = TestingHealthServer.freePort();
    String url = "http://127.0.0.1:" + port;
    Path drill = dir.resolve("kv.yaml");
    Files.writeString(
        drill,
        """
        description: A string store keeps every acknowledged append.
        target:
          processes:
            - name: store
              command: ["${java}", -cp, "%s", %s, "%d"%s]
              health: %s/health
        workload:
          type: kv
          baseUrl: %s
          rate: 100
          concurrency: 6
          duration: 3s
          keys: 3
          timeout: 500ms
          operations:
            read:
              path: /kv/{{key}}
              extract: /value
              status:
                "404": absent
            write:
              method: PUT
              path: /kv/{{key}}
              form:
                value: "{{value}}"
            append:
              method: POST
              path: /kv/{{key}}/append
              form:
                value: "{{value}}"
        faults:
          - name: freeze
            at: 1s
            duration: 300ms
            pause: {processes: [store]}
        invariants:
          - type: linearizable
        recovery: 1s
        """
            .formatted(
                TestingHealthServer.classpath(),
                TestingStringKvServer.class.getName(),
                port,
                storeArgs,
                url,
                url));
    LoadResult loaded = new DrillLoader().loadFile(drill);
    assertThat(loaded.problems()).isEmpty();
    return Engine.run(
        RunRequest.of(loaded.drills().getFirst(), dir.resolve("run"))
            .withSeed(11L)
            .withSetups(List.of(new LocalProcessSetup(Map.of()))));
  }

  @Test
  void aCorrectStorePassesWithEvidence() throws Exception {
    RunResult r = run("");
    assertThat(r.verdict()).as(r.message()).isEqualTo(Verdict.PASS);
    RunResult.InvariantResult lin = r.invariants().getFirst();
    assertThat((Long) lin.result().stats().get("checked")).isGreaterThan(20);
    assertThat(lin.result().stats()).containsEntry("registers", 3);
    List<Op> history = JsonlHistoryReader.read(dir.resolve("run/history.jsonl")).ops();
    assertThat(history)
        .filteredOn(o -> o.type() == OpType.OK && o.f().equals("append"))
        .hasSizeGreaterThan(20)
        .allSatisfy(o -> assertThat((String) o.value()).matches("v[0-9]+;"));
    assertThat(history)
        .as("a read that saw appends")
        .anySatisfy(o -> {
          assertThat(o.f()).isEqualTo("read");
          assertThat(o.type()).isEqualTo(OpType.OK);
          assertThat((String) o.value()).matches("(v[0-9]+;){2,}");
        });
  }

  @Test
  void aStoreThatDropsAnAcknowledgedAppendFails() throws Exception {
    RunResult r = run(", \"5\"");
    assertThat(r.verdict()).as(r.message()).isEqualTo(Verdict.FAIL);
    List<Anomaly> anomalies = r.invariants().getFirst().result().allAnomalies();
    assertThat(anomalies)
        .anySatisfy(a -> {
          assertThat(a.kind()).isEqualTo("nonlinearizable");
          assertThat(a.key()).matches("k[0-2]");
        });
  }
}
