package dev.firedrill.check.checker;

import static dev.firedrill.check.checker.Verdicts.summary;
import static dev.firedrill.check.history.Dsl.h;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NoDuplicatesTest {
  private final NoDuplicates checker = new NoDuplicates();

  @Test
  void oneEffectPerElementIsValid() {
    Result r = checker.check(h("0 invoke add 1", "0 ok add 1", "1 invoke read", "1 ok read [1 2]"));
    assertThat(r.validity()).isEqualTo(Validity.VALID);
    assertThat(r.stats()).containsEntry("duplicates", 0L).containsEntry("reads", 1L);
  }

  @Test
  void anElementTwiceInOneReadIsADuplicate() {
    Result r =
        checker.check(h("0 invoke add 1", "0 ok add 1", "1 invoke read", "1 ok read [1 2 1]"));
    assertThat(r.validity()).isEqualTo(Validity.INVALID);
    assertThat(summary(r)).containsExactly("duplicate[invalid] ops=[0, 3]");
    assertThat(r.anomalies().get(0).explanation())
        .isEqualTo(
            "1 took effect 2 times in op 3 (p1 ok read [1, 2, 1], t=3.000 ms); written by op 0 (p0 invoke add 1, t=0.000 ms)");
  }

  @Test
  void effectsAreIdentifiedByTheirIdempotencyKey() {
    Result r =
        checker.check(
            h(
                "0 invoke add {\"id\" 1} idem=k1",
                "0 info add {\"id\" 1} idem=k1",
                "0 invoke add {\"id\" 1} idem=k1",
                "0 ok add {\"id\" 1} idem=k1",
                "1 invoke read",
                "1 ok read [{\"idempotencyKey\" \"k1\"} {\"idempotencyKey\" \"k1\"}]"));
    assertThat(summary(r)).containsExactly("duplicate[invalid] ops=[0, 2, 5]");
    assertThat(r.anomalies().get(0).details()).containsEntry("identity", "k1");
    Result once =
        checker.check(
            h(
                "0 invoke add 1 idem=k1",
                "1 invoke read",
                "1 ok read [{\"idempotencyKey\" \"k1\"}]"));
    assertThat(once.validity()).isEqualTo(Validity.VALID);
  }

  @Test
  void writesWithoutAReadAreUnknown() {
    Result r = checker.check(h("0 invoke add 1", "0 ok add 1"));
    assertThat(r.validity()).isEqualTo(Validity.UNKNOWN);
    assertThat(summary(r)).containsExactly("no-final-read[unknown] ops=[]");
  }
}
