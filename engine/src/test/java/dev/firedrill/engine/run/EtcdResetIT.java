package dev.firedrill.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.engine.fault.local.LocalProcessSetup;
import dev.firedrill.engine.fault.local.TestingHealthServer;
import dev.firedrill.engine.fault.toxiproxy.ToxiproxySetup;
import dev.firedrill.engine.model.Verdict;
import dev.firedrill.engine.step.StepOutcome;
import dev.firedrill.engine.validate.DrillLoader;
import dev.firedrill.engine.validate.LoadResult;
import dev.firedrill.engine.validate.LoadedDrill;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leftover keys of an earlier run against a real etcd (Debian's {@code etcd-server}) whose data
 * directory outlives the run, as a store in a cluster does: a second run reads the first run's
 * values, which it never wrote, and fails; with a setup step that empties the keyspace through
 * etcd's v2 keys API ({@code DELETE /v2/keys/firedrill?recursive=true}, as
 * drills/etcd-register.yaml does) the same rerun passes. Outside CI a machine without etcd skips
 * this test with a message saying how to install it; in CI its absence is a failure.
 */
class EtcdResetIT {

  private static final Path BINARY = Path.of("/usr/bin/etcd");

  @TempDir Path dir;

  @BeforeAll
  static void requireEtcd() {
    if (!Files.isExecutable(BINARY)) {
      String hint = "etcd is not installed: apt-get install etcd-server";
      if (System.getenv("CI") != null) {
        throw new IllegalStateException(hint + " (.ci/run installs it)");
      }
      Assumptions.abort(hint);
    }
  }

  private LoadedDrill drill(int client, int peer, String setup) throws IOException {
    String etcd = "http://127.0.0.1:" + client;
    String peerUrl = "http://127.0.0.1:" + peer;
    Path file = dir.resolve("etcd.yaml");
    Files.writeString(
        file,
        """
        target:
          processes:
            - name: etcd
              command: ["%1$s", --name, t, --data-dir, "%2$s",
                        --listen-client-urls, "%3$s", --advertise-client-urls, "%3$s",
                        --listen-peer-urls, "%4$s", --initial-advertise-peer-urls, "%4$s",
                        --initial-cluster, "t=%4$s", --enable-v2=true]
              health: %3$s/health
        workload:
          type: kv
          baseUrl: %3$s
          rate: 50
          concurrency: 5
          duration: 3s
          keys: 3
          timeout: 2s
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
            cas:
              method: PUT
              path: /v2/keys/firedrill/{{key}}
              query: {prevValue: "{{expected}}"}
              form: {value: "{{value}}"}
              status: {"412": fail, "404": fail}
        invariants:
          - type: linearizable
            model: cas-register
        recovery: 500ms
        %5$s
        """
            .formatted(BINARY, dir.resolve("data"), etcd, peerUrl, setup));
    LoadResult loaded = new DrillLoader().loadFile(file);
    assertThat(loaded.problems()).isEmpty();
    return loaded.drills().getFirst();
  }

  private RunResult run(LoadedDrill drill, String name) throws IOException {
    return Engine.run(
        RunRequest.of(drill, dir.resolve(name))
            .withSeed(7L)
            .withSetups(List.of(new ToxiproxySetup(), new LocalProcessSetup(Map.of()))));
  }

  @Test
  void aSetupStepThatEmptiesTheKeyspaceLetsARerunPass() throws Exception {
    int client = TestingHealthServer.freePort();
    int peer = TestingHealthServer.freePort();
    LoadedDrill plain = drill(client, peer, "");
    LoadedDrill reset =
        drill(
            client,
            peer,
            """
            setup:
              - name: empty-keyspace
                http:
                  method: DELETE
                  url: http://127.0.0.1:%d/v2/keys/firedrill?recursive=true
                  expectStatus: [200, 404]
                timeout: 5s
            """
                .formatted(client));

    RunResult first = run(plain, "run-1");
    RunResult leftover = run(plain, "run-2");
    RunResult rerun = run(reset, "run-3");

    assertThat(first.verdict()).as(first.message()).isEqualTo(Verdict.PASS);
    assertThat(leftover.verdict())
        .as("the first run's keys are still there: reads see values this run never wrote")
        .isEqualTo(Verdict.FAIL);
    assertThat(rerun.verdict()).as(rerun.message()).isEqualTo(Verdict.PASS);
    assertThat(rerun.steps())
        .singleElement()
        .satisfies(s -> {
          assertThat(s.name()).isEqualTo("empty-keyspace");
          assertThat(s.ok()).isTrue();
          assertThat(s.detail()).as("there were keys to delete").isEqualTo("HTTP 200");
        });
    assertThat(rerun.steps()).allMatch(StepOutcome::ok);
  }
}
