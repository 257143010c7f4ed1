package dev.firedrill.check.checker.linear;

import static dev.firedrill.check.history.Dsl.h;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.check.checker.Anomaly;
import dev.firedrill.check.checker.Linearizable;
import dev.firedrill.check.checker.Linearizable.Model;
import dev.firedrill.check.checker.Result;
import dev.firedrill.check.checker.Validity;
import dev.firedrill.check.history.History;
import dev.firedrill.check.history.Op;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LinearizableTest {
  private final Linearizable cas = new Linearizable(Model.CAS_REGISTER);

  private static String ops(Anomaly a) {
    return a.ops().stream().map(Op::index).toList().toString();
  }

  @Test
  void aReadOfTheLastWriteIsLinearizable() {
    Result r = cas.check(h("0 invoke write 1", "0 ok write 1", "1 invoke read", "1 ok read 1"));
    assertThat(r.validity()).isEqualTo(Validity.VALID);
    assertThat(r.stats()).containsEntry("registers", 1).containsEntry("operations", 2L);
  }

  @Test
  void aReadOfAnOverwrittenValueIsNotWithTheLongestPrefixAndTheStuckOps() {
    Result r =
        cas.check(
            h(
                "0 invoke write 1",
                "0 ok write 1",
                "0 invoke write 2",
                "0 ok write 2",
                "1 invoke read",
                "1 ok read 1"));
    assertThat(r.validity()).isEqualTo(Validity.INVALID);
    Anomaly a = r.anomalies().getFirst();
    assertThat(a.kind()).isEqualTo("nonlinearizable");
    assertThat(a.explanation())
        .isEqualTo(
            "not linearizable: after the longest linearizable prefix of 2 operation(s), ending with"
                + " op 3 (p0 ok write 2, t=3.000 ms), the register holds 2 and op 5 (p1 ok read 1,"
                + " t=5.000 ms) cannot be placed");
    assertThat(ops(a)).isEqualTo("[1, 3, 5]");
    assertThat(a.details())
        .isEqualTo(
            Map.of(
                "prefixLength",
                2,
                "prefixTail",
                List.of(0L, 2L),
                "valueAfterPrefix",
                2L,
                "unplaceable",
                List.of(4L)));
  }

  @Test
  void concurrentOperationsMayTakeEffectInEitherOrder() {
    Result r =
        cas.check(
            h(
                "0 invoke write 1",
                "1 invoke read",
                "1 ok read 1",
                "1 invoke read",
                "0 ok write 1",
                "1 ok read nil"));
    assertThat(r.validity()).isEqualTo(Validity.VALID);
  }

  @Test
  void aNilReadIsAcceptedWhateverTheValueAndObservesNothing() {
    Result r =
        cas.check(
            h(
                "0 invoke write 1",
                "0 ok write 1",
                "1 invoke read",
                "1 ok read nil",
                "1 invoke read",
                "1 ok read 1"));
    assertThat(r.validity()).isEqualTo(Validity.VALID);
    assertThat(r.stats()).containsEntry("checked", 1L);
    // Only nil reads: no value was ever constrained.
    Result nils =
        cas.check(h("0 invoke write 1", "0 ok write 1", "1 invoke read", "1 ok read nil"));
    assertThat(nils.validity()).isEqualTo(Validity.UNKNOWN);
    assertThat(nils.anomalies()).extracting(Anomaly::kind).containsExactly("nothing-to-check");
    assertThat(nils.anomalies().getFirst().explanation())
        .isEqualTo(
            "nothing to check: 2 operation(s), but no ok read returned a value and no cas"
                + " completed (a nil read is accepted whatever the value)");
  }

  @Test
  void theInitialValueIsNilUnlessGiven() {
    History h = h("1 invoke read", "1 ok read 0");
    assertThat(cas.check(h).validity()).isEqualTo(Validity.INVALID);
    Linearizable fromZero = new Linearizable(Model.CAS_REGISTER, 0L, Budget.standard());
    assertThat(fromZero.check(h).validity()).isEqualTo(Validity.VALID);
  }

  @Test
  void casSucceedsOnlyFromTheExpectedValueAndFailedOpsDidNotHappen() {
    assertThat(
            cas.check(
                    h(
                        "0 invoke write 1",
                        "0 ok write 1",
                        "0 invoke cas [1 2]",
                        "0 ok cas [1 2]",
                        "0 invoke read",
                        "0 ok read 2"))
                .validity())
        .isEqualTo(Validity.VALID);
    assertThat(
            cas.check(h("0 invoke write 1", "0 ok write 1", "0 invoke cas [3 2]", "0 ok cas [3 2]"))
                .validity())
        .isEqualTo(Validity.INVALID);
    assertThat(
            cas.check(
                    h(
                        "0 invoke write 1",
                        "0 ok write 1",
                        "0 invoke cas [1 2]",
                        "0 fail cas [1 2]",
                        "0 invoke read",
                        "0 ok read 1"))
                .validity())
        .isEqualTo(Validity.VALID);
    assertThat(
            cas.check(
                    h(
                        "0 invoke write 1",
                        "0 ok write 1",
                        "0 invoke write 5",
                        "0 fail write 5",
                        "0 invoke read",
                        "0 ok read 5"))
                .validity())
        .isEqualTo(Validity.INVALID);
  }

  @Test
  void anIndeterminateOpMayTakeEffectAnyTimeAfterItsInvocationOrNever() {
    // Crashed write, seen later: legal.
    assertThat(
            cas.check(h("0 invoke write 1", "0 info write 1", "1 invoke read", "1 ok read 1"))
                .validity())
        .isEqualTo(Validity.VALID);
    // Crashed write, never seen: legal.
    assertThat(
            cas.check(
                    h(
                        "1 invoke write 2",
                        "1 ok write 2",
                        "0 invoke write 1",
                        "0 info write 1",
                        "1 invoke read",
                        "1 ok read 2"))
                .validity())
        .isEqualTo(Validity.VALID);
    // But not before it was invoked.
    assertThat(
            cas.check(h("1 invoke read", "1 ok read 1", "0 invoke write 1", "0 info write 1"))
                .validity())
        .isEqualTo(Validity.INVALID);
    // A crashed cas whose expected value does not match changes nothing.
    Linearizable fromZero = new Linearizable(Model.CAS_REGISTER, 0L, Budget.standard());
    assertThat(
            fromZero
                .check(h("0 invoke cas [7 8]", "0 info cas [7 8]", "1 invoke read", "1 ok read 0"))
                .validity())
        .isEqualTo(Validity.VALID);
  }

  @Test
  void kvChecksEachKeyAsItsOwnRegister() {
    Linearizable kv = new Linearizable(Model.KV);
    Result r =
        kv.check(
            h(
                "0 invoke write 1 key=a",
                "0 ok write 1 key=a",
                "1 invoke read key=b",
                "1 ok read 1 key=b",
                "1 invoke read key=a",
                "1 ok read 1 key=a"));
    assertThat(r.validity()).isEqualTo(Validity.INVALID);
    assertThat(r.anomalies()).extracting(Anomaly::key).containsExactly("b");
    // Jepsen's independent histories carry the key in a [key value] tuple.
    Result tuples =
        kv.check(
            h(
                "0 invoke write [\"x\" 1]",
                "0 ok write [\"x\" 1]",
                "1 invoke read [\"x\" nil]",
                "1 ok read [\"x\" 1]"));
    assertThat(tuples.validity()).isEqualTo(Validity.VALID);
    assertThat(tuples.stats()).containsEntry("registers", 1);
  }

  @Test
  void thePlainRegisterRejectsCas() {
    Result r = new Linearizable(Model.REGISTER).check(h("0 invoke cas [1 2]", "0 ok cas [1 2]"));
    assertThat(r.validity()).isEqualTo(Validity.UNKNOWN);
    assertThat(r.anomalies()).extracting(Anomaly::kind).containsExactly("malformed");
  }

  @Test
  void anExhaustedBudgetIsUnknownNotAnError() {
    History big = new SimulatedRegister(7, 10).run(20_000, SimulatedRegister.Fault.NONE, 0.1);
    Linearizable starved =
        new Linearizable(Model.CAS_REGISTER, null, new Budget(Duration.ofSeconds(10), 0));
    Result r = starved.check(big);
    assertThat(r.validity()).isEqualTo(Validity.UNKNOWN);
    assertThat(r.anomalies()).extracting(Anomaly::kind).containsExactly("budget-exhausted");
    assertThat(r.anomalies().getFirst().explanation()).startsWith("memory budget exhausted");
  }
}
