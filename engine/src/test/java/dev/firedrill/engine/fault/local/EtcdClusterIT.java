package dev.firedrill.engine.fault.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.check.history.JsonlHistoryReader;
import dev.firedrill.check.history.Op;
import dev.firedrill.engine.fault.toxiproxy.ToxiproxySetup;
import dev.firedrill.engine.model.Verdict;
import dev.firedrill.engine.plan.Plan;
import dev.firedrill.engine.run.Engine;
import dev.firedrill.engine.run.NemesisEvent;
import dev.firedrill.engine.run.RunRequest;
import dev.firedrill.engine.run.RunResult;
import dev.firedrill.engine.validate.DrillLoader;
import dev.firedrill.engine.validate.LoadResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real 3-member etcd started as the drill's processes, its peer links through the embedded proxy
 * (which must exist before the members start, or they never form a cluster): every member killed at
 * once comes back — restarts side by side, none holding a lock across its health wait — while a
 * pause planned during the restarts lands on time, and quorum reads stay linearizable.
 */
class EtcdClusterIT {

  @TempDir Path dir;

  @BeforeAll
  static void requireEtcd() {
    EtcdCluster.require();
  }

  @Test
  void killingEveryMemberRestartsThemInParallelAndAPauseDuringTheRestartLandsOnTime()
      throws Exception {
    EtcdCluster etcd = new EtcdCluster();
    String drill =
        "description: Every etcd member killed at once; a pause lands during the restarts.\n"
            + etcd.targetAndProxies(null)
            + etcd.workload(0, "7s")
            + """
            faults:
              - name: kill-all
                at: 2s
                podKill:
                  processes: [e1, e2, e3]
                  mode: all
                  restartAfter: 1s
              - name: freeze-e2
                at: 3050ms
                duration: 400ms
                pause:
                  processes: [e2]
            recovery: 2s
            """;
    Path file = dir.resolve("etcd-cluster.yaml");
    Files.writeString(file, drill);
    LoadResult loaded = new DrillLoader().loadFile(file);
    assertThat(loaded.problems()).isEmpty();

    RunResult r =
        Engine.run(
            RunRequest.of(loaded.drills().getFirst(), dir.resolve("run"))
                .withSeed(11L)
                .withSetups(List.of(new ToxiproxySetup(), new LocalProcessSetup(Map.of()))));

    assertThat(r.verdict()).as(r.message()).isEqualTo(Verdict.PASS);
    NemesisEvent pause =
        r.nemesis().stream()
            .filter(e -> e.step().fault().name().equals("freeze-e2"))
            .filter(e -> e.step().kind() == Plan.Step.Kind.INJECT)
            .findFirst()
            .orElseThrow();
    assertThat(pause.error()).isNull();
    List<Op> history = JsonlHistoryReader.read(dir.resolve("run/history.jsonl")).ops();
    List<Op> restarts = history.stream().filter(o -> "restart".equals(o.f())).toList();
    List<Op> ready = history.stream().filter(o -> "restarted".equals(o.f())).toList();
    assertThat(restarts).hasSize(3).allSatisfy(o -> assertThat(o.error()).isNull());
    assertThat(ready).hasSize(3);
    assertThat(pause.actual().toNanos())
        .as("the pause landed while the members were still restarting, not after them")
        .isLessThan(ready.stream().mapToLong(Op::time).max().orElseThrow());
    // On an idle machine it lands 3-8 ms late (the bound is 20 ms). What remains is the
    // ledger entry synced to disk before the pause, which a machine whose disk is shared with
    // parallel builds can stretch to tens of milliseconds; the restarts add nothing (before they
    // ran side by side, outside the lock, this pause landed 27 s late).
    assertThat(pause.lateness().toMillis())
        .as("the pause planned during the restarts lands on time")
        .isLessThanOrEqualTo(60);
    System.out.printf(
        "etcd kill-all: pause planned during the restarts landed %d ms late; restarts: %s%n",
        pause.lateness().toMillis(), ready.stream().map(o -> String.valueOf(o.value())).toList());
    assertThat(ready).allSatisfy(o -> assertThat(o.key()).isEqualTo("kill-all#0"));
    assertThat(Files.readString(dir.resolve("run/processes.json"))).contains("\"closed\" : true");
    assertThat(etcd.members()).as("no member outlives the run").isEmpty();
  }

  @Test
  void aPartitionBetweenGroupsIsolatesAMemberWhichLosesItsLeaderAndServesNoQuorumRead()
      throws Exception {
    EtcdCluster etcd = new EtcdCluster();
    String drill =
        "description: e3 cut off from e1 and e2, its quorum reads fail.\n"
            + etcd.targetAndProxies(null)
            + etcd.workload(2, "10s")
            + """
            faults:
              - name: warm-up
                at: 1s
                duration: 100ms
                latency:
                  proxies: [peer-e1]
                  latency: 1ms
              - name: isolate-e3
                at: 2s
                duration: 6s
                partition:
                  between: [[e1, e2], [e3]]
            recovery: 2s
            """;
    Path file = dir.resolve("etcd-partition.yaml");
    Files.writeString(file, drill);
    LoadResult loaded = new DrillLoader().loadFile(file);
    assertThat(loaded.problems()).isEmpty();

    RunResult r =
        Engine.run(
            RunRequest.of(loaded.drills().getFirst(), dir.resolve("run"))
                .withSeed(5L)
                .withSetups(List.of(new ToxiproxySetup(), new LocalProcessSetup(Map.of()))));

    NemesisEvent cut =
        r.nemesis().stream()
            .filter(e -> e.step().fault().name().equals("isolate-e3"))
            .filter(e -> e.step().kind() == Plan.Step.Kind.INJECT)
            .findFirst()
            .orElseThrow();
    assertThat(cut.error()).as(r.message()).isNull();
    assertThat(cut.step().fault().targets())
        .as("every link into a member is cut for the other side")
        .containsExactly("peer-e1", "peer-e2", "peer-e3");
    NemesisEvent healed =
        r.nemesis().stream()
            .filter(e -> e.step().fault().name().equals("isolate-e3"))
            .filter(e -> e.step().kind() == Plan.Step.Kind.HEAL)
            .findFirst()
            .orElseThrow();
    String log = Files.readString(dir.resolve("run/logs/e3.log"));
    assertThat(log)
        .as("the isolated member loses its leader (or steps down)")
        .contains("lost leader");
    // Three links, each recorded (and synced) in ledger.json before its cut: 0.3 s late at load
    // 17, up to 3 s while a parallel build hammered the disk. No bound in the issue; a sanity one.
    assertThat(cut.lateness().toMillis()).as("the cut lands near its time").isLessThan(5000);
    long from = cut.actual().plusMillis(1200).toNanos(); // reads sent before may still be answered
    long to = healed.actual().toNanos();
    List<Op> history = JsonlHistoryReader.read(dir.resolve("run/history.jsonl")).ops();
    List<Integer> cutOff =
        history.stream()
            .filter(o -> !o.isNemesis() && "read".equals(o.f()))
            .filter(o -> o.type() == dev.firedrill.check.history.OpType.INVOKE)
            .filter(o -> o.time() >= from && o.time() < to - 1_100_000_000L) // timed out by then
            .map(Op::process)
            .toList();
    assertThat(cutOff).as("quorum reads sent to e3 while it is cut off").hasSizeGreaterThan(3);
    assertThat(history)
        .as("none of them answered")
        .noneMatch(o ->
            !o.isNemesis()
                && o.type() == dev.firedrill.check.history.OpType.OK
                && "read".equals(o.f())
                && o.time() >= from
                && o.time() < to
                && cutOff.contains(o.process()));
    assertThat(r.verdict()).as(r.message()).isIn(Verdict.PASS, Verdict.INCONCLUSIVE);
    System.out.printf(
        "etcd partition between [[e1,e2],[e3]]: %d reads on e3 during the cut, none ok; verdict %s%n",
        cutOff.size(), r.verdict());
  }
}
