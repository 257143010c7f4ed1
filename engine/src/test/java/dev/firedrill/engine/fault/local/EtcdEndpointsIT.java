package dev.firedrill.engine.fault.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.check.history.History;
import dev.firedrill.check.history.JsonlHistoryReader;
import dev.firedrill.check.history.Op;
import dev.firedrill.check.history.OpType;
import dev.firedrill.check.history.Operation;
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
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A workload spread over every member of a real 3-member etcd: quorum reads hit all three, the
 * history names the member of each operation, and a kill of one member fails only the operations
 * sent to it while reads on the other two go on.
 */
class EtcdEndpointsIT {

  @TempDir Path dir;

  @BeforeAll
  static void requireEtcd() {
    EtcdCluster.require();
  }

  private RunResult run(EtcdCluster etcd, String workload, String faults, long seed)
      throws Exception {
    String drill =
        "description: Quorum reads over every etcd member.\n"
            + etcd.targetAndProxies(null)
            + workload
            + faults
            + "recovery: 2s\n";
    Path file = dir.resolve("etcd-endpoints.yaml");
    Files.writeString(file, drill);
    LoadResult loaded = new DrillLoader().loadFile(file);
    assertThat(loaded.problems()).isEmpty();
    return Engine.run(
        RunRequest.of(loaded.drills().getFirst(), dir.resolve("run"))
            .withSeed(seed)
            .withSetups(List.of(new ToxiproxySetup(), new LocalProcessSetup(Map.of()))));
  }

  private List<Operation> reads() throws Exception {
    History h = JsonlHistoryReader.read(dir.resolve("run/history.jsonl"));
    return h.clientOperations(new String[] {"read"});
  }

  @Test
  void perClientReadsHitEveryMemberAndAKilledMemberFailsOnlyItsOwnClients() throws Exception {
    EtcdCluster etcd = new EtcdCluster();
    List<String> members = etcd.clientUrls();
    RunResult r =
        run(
            etcd,
            etcd.workloadOverEvery("perClient", "9s"),
            """
            faults:
              - name: kill-e2
                at: 3s
                podKill:
                  processes: [e2]
                  restartAfter: 4s
            """,
            21L);

    assertThat(r.verdict()).as(r.message()).isEqualTo(Verdict.PASS);
    List<Operation> reads = reads();
    Map<String, Long> okByMember =
        reads.stream()
            .filter(Operation::ok)
            .collect(
                Collectors.groupingBy(
                    o -> o.invoke().endpoint(), TreeMap::new, Collectors.counting()));
    assertThat(okByMember).as("ok reads by member").containsOnlyKeys(members);
    assertThat(reads.stream().filter(o -> o.process() < 1_000_000).toList())
        .as(
            "client c (process p, c = p mod concurrency 8) is bound to members[c mod 3], also"
                + " after a timeout made it a new process; final reads go round robin")
        .allSatisfy(
            o -> assertThat(o.invoke().endpoint()).isEqualTo(members.get(o.process() % 8 % 3)));
    assertThat(reads)
        .allSatisfy(o -> {
          assertThat(o.completion()).isNotNull();
          assertThat(o.completion().endpoint()).isEqualTo(o.invoke().endpoint());
        });

    NemesisEvent kill =
        r.nemesis().stream()
            .filter(e -> e.step().kind() == Plan.Step.Kind.INJECT)
            .findFirst()
            .orElseThrow();
    History h = JsonlHistoryReader.read(dir.resolve("run/history.jsonl"));
    long back =
        h.ops().stream()
            .filter(o -> "restart".equals(o.f())) // the start of the restart: e2 is down until then
            .mapToLong(Op::time)
            .findFirst()
            .orElseThrow();
    // after the kill, give the two survivors an election (timeout 500 ms) before asking for quorum
    long from = kill.actual().toNanos() + 1_500_000_000L;
    List<Operation> whileDown =
        reads.stream().filter(o -> o.invoke().time() >= from && o.completeTime() < back).toList();
    Map<String, List<OpType>> outcomes =
        whileDown.stream()
            .collect(
                Collectors.groupingBy(
                    o -> o.invoke().endpoint(),
                    TreeMap::new,
                    Collectors.mapping(Operation::outcome, Collectors.toList())));
    System.out.printf(
        "etcd over 3 endpoints (perClient), e2 killed: ok reads by member %s; while e2 was down: %s%n",
        okByMember,
        outcomes.entrySet().stream()
            .collect(
                Collectors.toMap(
                    Map.Entry::getKey,
                    e ->
                        e.getValue().stream()
                            .collect(Collectors.groupingBy(t -> t, Collectors.counting())),
                    (a, b) -> a,
                    TreeMap::new)));
    System.out.printf(
        "kill at %d ms, restart at %d ms, window from %d ms; members %s%n",
        kill.actual().toMillis(), back / 1_000_000, from / 1_000_000, members);
    assertThat(outcomes.get(members.get(0)))
        .as("reads on e1 while e2 is down")
        .isNotEmpty()
        .containsOnly(OpType.OK);
    assertThat(outcomes.get(members.get(2)))
        .as("reads on e3 while e2 is down")
        .isNotEmpty()
        .containsOnly(OpType.OK);
    assertThat(outcomes.get(members.get(1)))
        .as("reads on the killed e2 never succeed")
        .isNotEmpty()
        .doesNotContain(OpType.OK);
  }

  @Test
  void roundRobinSpreadsOperationsEvenlyOverEveryMember() throws Exception {
    EtcdCluster etcd = new EtcdCluster();
    List<String> members = etcd.clientUrls();
    RunResult r = run(etcd, etcd.workloadOverEvery("roundRobin", "4s"), "", 3L);

    assertThat(r.verdict()).as(r.message()).isEqualTo(Verdict.PASS);
    History h = JsonlHistoryReader.read(dir.resolve("run/history.jsonl"));
    Map<String, Long> byMember =
        h.ops().stream()
            .filter(o -> !o.isNemesis() && o.type() == OpType.INVOKE)
            .collect(Collectors.groupingBy(Op::endpoint, TreeMap::new, Collectors.counting()));
    assertThat(byMember).containsOnlyKeys(members);
    long min = byMember.values().stream().mapToLong(Long::longValue).min().orElseThrow();
    long max = byMember.values().stream().mapToLong(Long::longValue).max().orElseThrow();
    assertThat(max - min)
        .as("round robin: shares differ by at most one operation")
        .isLessThanOrEqualTo(1);
    Map<String, Long> okReads =
        reads().stream()
            .filter(Operation::ok)
            .collect(
                Collectors.groupingBy(
                    o -> o.invoke().endpoint(), TreeMap::new, Collectors.counting()));
    assertThat(okReads).as("every member answered quorum reads").containsOnlyKeys(members);
    System.out.printf("etcd over 3 endpoints (roundRobin): operations by member %s%n", byMember);
  }
}
