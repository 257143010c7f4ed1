package dev.firedrill.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.check.checker.Conservation;
import dev.firedrill.check.checker.Convergence;
import dev.firedrill.check.checker.Counter;
import dev.firedrill.check.checker.Linearizable;
import dev.firedrill.check.checker.Recovery;
import dev.firedrill.check.checker.linear.Budget;
import dev.firedrill.engine.model.InvariantSpec;
import dev.firedrill.engine.model.InvariantType;
import dev.firedrill.engine.model.RequestTemplate;
import dev.firedrill.engine.model.Workload;
import dev.firedrill.engine.model.WorkloadType;
import java.time.Duration;
import java.util.HashMap;
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
    assertThat(Invariants.checker(spec(InvariantType.LINEARIZABLE, null, null), string))
        .isEqualTo(
            new Linearizable(Linearizable.Model.STRING_KV, "", Budget.of(Budget.STANDARD_TIME)));
    assertThat(
            Invariants.checker(
                spec(InvariantType.LINEARIZABLE, null, "nil"),
                workload(WorkloadType.REGISTER, null, null, "read", "write")))
        .isEqualTo(new Linearizable(Linearizable.Model.REGISTER, null, Budget.standard()));
    assertThat(
            Invariants.checker(
                spec(InvariantType.COUNTER, null, null),
                workload(WorkloadType.COUNTER, null, null, "add", "read")))
        .isEqualTo(new Counter(0));
    assertThat(
            Invariants.checker(
                spec(InvariantType.COUNTER, null, null),
                workload(WorkloadType.COUNTER, 7L, null, "add", "read")))
        .isEqualTo(new Counter(7));
    assertThat(
            Invariants.checker(
                spec(InvariantType.CONSERVATION, null, null),
                workload(WorkloadType.BANK, 100L, null, "transfer", "read")))
        .isEqualTo(new Conservation(500L)); // 5 keys by default
    assertThat(
            Invariants.checker(
                spec(InvariantType.CONSERVATION, null, null),
                workload(WorkloadType.BANK, null, null, "transfer", "read")))
        .isEqualTo(new Conservation(null)); // the first read's total
    assertThat(
            Invariants.checker(
                spec(InvariantType.CONVERGENCE, null, null),
                workload(WorkloadType.KV, null, null, "read", "write", "readProjection")))
        .isEqualTo(new Convergence(Duration.ofSeconds(30)));
  }

  @Test
  void anOfflineCheckSetsItsOwnTimeLimit() {
    Invariants.Options options = new Invariants.Options(Duration.ofSeconds(5), true);
    Linearizable l =
        (Linearizable)
            Invariants.checker(
                spec(InvariantType.LINEARIZABLE, "kv", "0"),
                workload(WorkloadType.KV, null, null),
                options);
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
}
