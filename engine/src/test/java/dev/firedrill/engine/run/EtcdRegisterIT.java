package dev.firedrill.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.check.history.JsonlHistoryReader;
import dev.firedrill.check.history.Op;
import dev.firedrill.check.history.OpType;
import dev.firedrill.engine.fault.local.LocalProcessSetup;
import dev.firedrill.engine.fault.local.TestingHealthServer;
import dev.firedrill.engine.fault.toxiproxy.ToxiproxySetup;
import dev.firedrill.engine.model.Verdict;
import dev.firedrill.engine.validate.DrillLoader;
import dev.firedrill.engine.validate.LoadResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives a real store over HTTP: a single-member etcd (Debian's {@code etcd-server}, which .ci/run
 * installs) started by the drill itself, its v2 keys API reached through the embedded proxy with a
 * short latency fault, reads, writes and compare-and-set checked for linearizability. Outside CI a
 * machine without etcd skips this test with a message saying how to install it; in CI its absence
 * is a failure.
 */
class EtcdRegisterIT {

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

  @Test
  void etcdKeysStayLinearizableUnderProxyLatency() throws Exception {
    int client = TestingHealthServer.freePort();
    int peer = TestingHealthServer.freePort();
    int proxy = TestingHealthServer.freePort();
    String etcd = "http://127.0.0.1:" + client;
    String peerUrl = "http://127.0.0.1:" + peer;
    Path drill = dir.resolve("etcd.yaml");
    Files.writeString(
        drill,
        """
        description: A single etcd member's v2 keys stay linearizable behind a slow link.
        target:
          processes:
            - name: etcd
              command: ["%s", --name, t, --data-dir, "%s",
                        --listen-client-urls, "%s", --advertise-client-urls, "%s",
                        --listen-peer-urls, "%s", --initial-advertise-peer-urls, "%s",
                        --initial-cluster, "t=%s", --enable-v2=true]
              health: %s/health
              startTimeout: 30s
        toxiproxy:
          proxies:
            - name: etcd-client
              listen: 127.0.0.1:%d
              upstream: 127.0.0.1:%d
        workload:
          type: kv
          baseUrl: http://127.0.0.1:%d
          rate: 50
          concurrency: 5
          duration: 6s
          keys: 3
          timeout: 2s
          operations:
            read:
              path: /v2/keys/firedrill/{{key}}
              query:
                quorum: "true"
              extract: /node/value
              status:
                "404": absent
            write:
              method: PUT
              path: /v2/keys/firedrill/{{key}}
              form:
                value: "{{value}}"
            cas:
              method: PUT
              path: /v2/keys/firedrill/{{key}}
              query:
                prevValue: "{{expected}}"
              form:
                value: "{{value}}"
              status:
                "412": fail
                "404": fail
        faults:
          - name: slow-link
            at: 2s
            duration: 2s
            latency:
              proxies: [etcd-client]
              latency: 50ms
        invariants:
          - type: linearizable
            model: cas-register
        recovery: 1s
        """
            .formatted(
                BINARY,
                dir.resolve("data"),
                etcd,
                etcd,
                peerUrl,
                peerUrl,
                peerUrl,
                etcd,
                proxy,
                client,
                proxy));
    LoadResult loaded = new DrillLoader().loadFile(drill);
    assertThat(loaded.problems()).isEmpty();

    RunResult r =
        Engine.run(
            RunRequest.of(loaded.drills().getFirst(), dir.resolve("run"))
                .withSeed(7L)
                .withSetups(List.of(new ToxiproxySetup(), new LocalProcessSetup(Map.of()))));

    assertThat(r.verdict()).as(r.message()).isEqualTo(Verdict.PASS);
    List<Op> history = JsonlHistoryReader.read(dir.resolve("run/history.jsonl")).ops();
    assertThat(history)
        .as("ok reads that saw a value")
        .anySatisfy(o -> assertOp(o, OpType.OK, "read", true));
    assertThat(history).as("ok writes").anySatisfy(o -> assertOp(o, OpType.OK, "write", false));
    assertThat(history).as("ok cas").anySatisfy(o -> assertOp(o, OpType.OK, "cas", false));
    assertThat(history)
        .as("cas refused by etcd (412)")
        .anySatisfy(o -> assertOp(o, OpType.FAIL, "cas", false));
    assertThat(history)
        .as("the latency fault was injected and healed")
        .anySatisfy(o -> assertThat(o.f()).isEqualTo("inject"))
        .anySatisfy(o -> assertThat(o.f()).isEqualTo("heal"));
    Map<Integer, Op> open = new HashMap<>();
    for (Op o : history) {
      if (o.isNemesis()) {
        continue;
      }
      if (o.type() == OpType.INVOKE) {
        assertThat(open.put(o.process(), o)).as("p%d invoked twice", o.process()).isNull();
      } else {
        assertThat(open.remove(o.process())).as("completion without invoke: %s", o).isNotNull();
      }
    }
    assertThat(open).as("every client op completed").isEmpty();
  }

  private static void assertOp(Op o, OpType type, String f, boolean withValue) {
    assertThat(o.type()).isEqualTo(type);
    assertThat(o.f()).isEqualTo(f);
    if (withValue) {
      assertThat(o.value()).isNotNull();
    }
  }
}
