package dev.firedrill.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.check.checker.Anomaly;
import dev.firedrill.check.checker.Checker;
import dev.firedrill.check.checker.Conservation;
import dev.firedrill.check.checker.Convergence;
import dev.firedrill.check.checker.Counter;
import dev.firedrill.check.checker.Linearizable;
import dev.firedrill.check.checker.Recovery;
import dev.firedrill.check.checker.Result;
import dev.firedrill.check.checker.Validity;
import dev.firedrill.check.checker.linear.Budget;
import dev.firedrill.check.history.History;
import dev.firedrill.check.history.Op;
import dev.firedrill.check.history.OpType;
import dev.firedrill.engine.model.InvariantSpec;
import dev.firedrill.engine.model.InvariantType;
import dev.firedrill.engine.model.RequestTemplate;
import dev.firedrill.engine.model.Workload;
import dev.firedrill.engine.model.WorkloadType;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one invariant-to-checker mapping: which model, which defaults. */
class InvariantsTest {

  private static Workload workload(WorkloadType type, Long initial, Integer keys, String... ops) {
    Map<String, RequestTemplate> map = new HashMap<>();
    for (String op : ops) {
      map.put(op, new RequestTemplate(null, null, "/" + op, null, null, null, null, null, null));
    }
    return new Workload(type, "http://x", 10.0, 4, "1m", null, keys, initial, map);
  }

  private static InvariantSpec spec(InvariantType type, String model, String initial) {
    return new InvariantSpec(type, null, null, null, null, model, initial, null);
  }

  @Test
  void aKvWorkloadIsAStringKvWhenItMapsAppendElseACasRegisterPerKey() {
    InvariantSpec lin = spec(InvariantType.LINEARIZABLE, null, null);
    assertThat(
            Invariants.linearizableModel(
                lin, workload(WorkloadType.KV, null, null, "read", "write", "append")))
        .isEqualTo(Linearizable.Model.STRING_KV);
    assertThat(
            Invariants.linearizableModel(
                lin, workload(WorkloadType.KV, null, null, "read", "write", "cas")))
        .isEqualTo(Linearizable.Model.KV);
    // model: cas-register on a kv workload (etcd-register.yaml) is still one register per key.
    assertThat(
            Invariants.linearizableModel(
                spec(InvariantType.LINEARIZABLE, "cas-register", null),
                workload(WorkloadType.KV, null, null, "read", "write", "cas")))
        .isEqualTo(Linearizable.Model.KV);
    assertThat(
            Invariants.linearizableModel(
                lin, workload(WorkloadType.REGISTER, null, null, "read", "write", "cas")))
        .isEqualTo(Linearizable.Model.CAS_REGISTER);
    assertThat(
            Invariants.linearizableModel(
                lin, workload(WorkloadType.REGISTER, null, null, "read", "write")))
        .isEqualTo(Linearizable.Model.REGISTER);
  }

  @Test
  void theDefaultsAreOneSet() {
    Workload string = workload(WorkloadType.KV, null, null, "read", "write", "append");
    assertThat(unwrapped(Invariants.checker(spec(InvariantType.LINEARIZABLE, null, null), string)))
        .isEqualTo(
            new Linearizable(Linearizable.Model.STRING_KV, "", Budget.of(Budget.STANDARD_TIME)));
    assertThat(
            unwrapped(
                Invariants.checker(
                    spec(InvariantType.LINEARIZABLE, null, "nil"),
                    workload(WorkloadType.REGISTER, null, null, "read", "write"))))
        .isEqualTo(new Linearizable(Linearizable.Model.REGISTER, null, Budget.standard()));
    assertThat(
            unwrapped(
                Invariants.checker(
                    spec(InvariantType.COUNTER, null, null),
                    workload(WorkloadType.COUNTER, null, null, "add", "read"))))
        .isEqualTo(new Counter(0));
    assertThat(
            unwrapped(
                Invariants.checker(
                    spec(InvariantType.COUNTER, null, null),
                    workload(WorkloadType.COUNTER, 7L, null, "add", "read"))))
        .isEqualTo(new Counter(7));
    assertThat(
            unwrapped(
                Invariants.checker(
                    spec(InvariantType.CONSERVATION, null, null),
                    workload(WorkloadType.BANK, 100L, null, "transfer", "read"))))
        .isEqualTo(new Conservation(500L)); // 5 keys by default
    assertThat(
            unwrapped(
                Invariants.checker(
                    spec(InvariantType.CONSERVATION, null, null),
                    workload(WorkloadType.BANK, null, null, "transfer", "read"))))
        .isEqualTo(new Conservation(null)); // the first read's total
    assertThat(
            unwrapped(
                Invariants.checker(
                    spec(InvariantType.CONVERGENCE, null, null),
                    workload(WorkloadType.KV, null, null, "read", "write", "readProjection"))))
        .isEqualTo(new Convergence(Duration.ofSeconds(30)));
  }

  @Test
  void anOfflineCheckSetsItsOwnTimeLimit() {
    Invariants.Options options = new Invariants.Options(Duration.ofSeconds(5), true);
    Linearizable l =
        (Linearizable)
            unwrapped(
                Invariants.checker(
                    spec(InvariantType.LINEARIZABLE, "kv", "0"),
                    workload(WorkloadType.KV, null, null),
                    options));
    assertThat(l.budget().time()).isEqualTo(Duration.ofSeconds(5));
    assertThat(l.initial()).isEqualTo("0");
    assertThat(l.model()).isEqualTo(Linearizable.Model.KV);
  }

  @Test
  void recoveryTakesItsErrorRateAndLatencyAsNoCascadeDoes() {
    Workload set = workload(WorkloadType.SET, null, null, "add", "read");
    InvariantSpec bare =
        new InvariantSpec(
            InvariantType.RECOVERY, "5s", java.util.List.of("p"), null, null, null, null, null);
    InvariantSpec tuned =
        new InvariantSpec(
            InvariantType.RECOVERY, "5s", java.util.List.of("p"), 0.25, "300ms", null, null, null);
    assertThat(Invariants.checker(bare, set))
        .isEqualTo(new Recovery(java.util.Set.of("p"), 5_000_000_000L, 0.0, null));
    assertThat(Invariants.checker(tuned, set))
        .isEqualTo(new Recovery(java.util.Set.of("p"), 5_000_000_000L, 0.25, 300.0));
  }

  /** The checker a decorator wraps ({@link SourceReads}), for comparing configurations. */
  private static Checker unwrapped(Checker c) {
    return c instanceof SourceReads s ? s.inner() : c;
  }

  private static Op op(long index, int process, OpType type, String f, Object value) {
    return new Op(index, index * 1_000_000, process, type, f, null, value, null, null, null);
  }

  /**
   * With readProjection mapped, plain reads are recorded as read-source: a lost add and a stale
   * register read are still found, and the evidence names the source read by its line.
   */
  @Test
  void theSourcesReadsAreReadsWhenAProjectionIsMapped() {
    History set =
        History.of(
            op(0, 0, OpType.INVOKE, "add", 1L),
            op(1, 0, OpType.OK, "add", 1L),
            op(2, 1, OpType.INVOKE, "add", 2L),
            op(3, 1, OpType.OK, "add", 2L),
            op(4, 2, OpType.INVOKE, "read-projection", null),
            op(5, 2, OpType.OK, "read-projection", List.of()),
            op(6, 3, OpType.INVOKE, "read-source", null),
            op(7, 3, OpType.OK, "read-source", List.of(1L)));
    Result lost =
        Invariants.checker(
                spec(InvariantType.NO_LOST_WRITES, null, null),
                workload(WorkloadType.SET, null, null, "add", "read", "readProjection"))
            .check(set);
    assertThat(lost.validity()).isEqualTo(Validity.INVALID);
    assertThat(lost.anomalies()).extracting(Anomaly::kind).containsExactly("lost");
    assertThat(lost.anomalies().getFirst().ops()).extracting(Op::index).contains(3L, 7L);
    assertThat(lost.stats().get("reads")).isEqualTo(1L);

    History register =
        History.of(
            op(0, 0, OpType.INVOKE, "write", 1L),
            op(1, 0, OpType.OK, "write", 1L),
            op(2, 1, OpType.INVOKE, "read-source", null),
            op(3, 1, OpType.OK, "read-source", 2L));
    Result stale =
        Invariants.checker(
                spec(InvariantType.LINEARIZABLE, null, null),
                workload(WorkloadType.REGISTER, null, null, "read", "write", "readProjection"))
            .check(register);
    assertThat(stale.validity()).isEqualTo(Validity.INVALID);
    // Convergence keeps reading the two views apart.
    assertThat(
            Invariants.checker(
                spec(InvariantType.CONVERGENCE, null, null),
                workload(WorkloadType.REGISTER, null, null, "read", "write", "readProjection")))
        .isInstanceOf(Convergence.class);
  }

  /** On a queue, noLostWrites is the queue's lost messages and noDuplicates its duplicated ones. */
  @Test
  void onAQueueNoLostWritesAndNoDuplicatesAreTheQueuesLostAndDuplicated() {
    Workload queue = workload(WorkloadType.QUEUE, null, null, "enqueue", "dequeue", "drain");
    Checker noLost = Invariants.checker(spec(InvariantType.NO_LOST_WRITES, null, null), queue);
    Checker noDup = Invariants.checker(spec(InvariantType.NO_DUPLICATES, null, null), queue);
    History lostOne =
        History.of(
            op(0, 0, OpType.INVOKE, "enqueue", "a"),
            op(1, 0, OpType.OK, "enqueue", "a"),
            op(2, 0, OpType.INVOKE, "enqueue", "b"),
            op(3, 0, OpType.OK, "enqueue", "b"),
            op(4, 1, OpType.INVOKE, "drain", null),
            op(5, 1, OpType.OK, "drain", List.of("a")));
    Result lost = noLost.check(lostOne);
    assertThat(lost.checker()).isEqualTo("no-lost-writes");
    assertThat(lost.validity()).isEqualTo(Validity.INVALID);
    assertThat(lost.anomalies()).extracting(Anomaly::kind).containsExactly("lost");
    assertThat(noDup.check(lostOne).validity()).isEqualTo(Validity.VALID);

    History twice =
        History.of(
            op(0, 0, OpType.INVOKE, "enqueue", "a"),
            op(1, 0, OpType.OK, "enqueue", "a"),
            op(2, 1, OpType.INVOKE, "dequeue", null),
            op(3, 1, OpType.OK, "dequeue", "a"),
            op(4, 2, OpType.INVOKE, "dequeue", null),
            op(5, 2, OpType.OK, "dequeue", "a"),
            op(6, 1, OpType.INVOKE, "drain", null),
            op(7, 1, OpType.OK, "drain", List.of()));
    Result dup = noDup.check(twice);
    assertThat(dup.validity()).isEqualTo(Validity.INVALID);
    assertThat(dup.anomalies()).extracting(Anomaly::kind).containsExactly("duplicated");
    assertThat(noLost.check(twice).validity()).isEqualTo(Validity.VALID);

    History nothing = History.of(op(0, 0, OpType.INVOKE, "enqueue", "a"));
    assertThat(noLost.check(nothing).validity()).isEqualTo(Validity.UNKNOWN);
    assertThat(noDup.check(nothing).validity()).isEqualTo(Validity.UNKNOWN);
  }
}
