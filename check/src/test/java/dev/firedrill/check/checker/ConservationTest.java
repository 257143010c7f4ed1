package dev.firedrill.check.checker;

import static dev.firedrill.check.checker.Verdicts.summary;
import static dev.firedrill.check.history.Dsl.h;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConservationTest {

  @Test
  void aConstantTotalWithNoNegativeBalanceIsValid() {
    Result r =
        new Conservation(100L)
            .check(
                h(
                    "0 invoke transfer {\"from\" \"a\" \"to\" \"b\" \"amount\" 10}",
                    "0 ok transfer {\"from\" \"a\" \"to\" \"b\" \"amount\" 10}",
                    "1 invoke read",
                    "1 ok read {\"a\" 40 \"b\" 60}"));
    assertThat(r.validity()).isEqualTo(Validity.VALID);
    assertThat(r.stats()).containsEntry("transfersOk", 1L).containsEntry("expectedTotal", 100L);
  }

  @Test
  void aReadWithAnotherTotalIsInvalid() {
    Result r =
        new Conservation()
            .check(
                h(
                    "1 invoke read",
                    "1 ok read {\"a\" 50 \"b\" 50}",
                    "1 invoke read",
                    "1 ok read {\"a\" 50 \"b\" 60}"));
    assertThat(summary(r)).containsExactly("wrong-total[invalid] ops=[1, 3]");
    assertThat(r.anomalies().get(0).details())
        .containsEntry("total", 110L)
        .containsEntry("expected", 100L);
  }

  @Test
  void aNegativeBalanceIsInvalid() {
    Result r = new Conservation(100L).check(h("1 invoke read", "1 ok read {\"a\" -10 \"b\" 110}"));
    assertThat(summary(r)).containsExactly("negative[invalid] key=a ops=[1]");
  }

  @Test
  void transfersWithoutAReadAreUnknown() {
    Result r = new Conservation().check(h("0 invoke transfer {}", "0 ok transfer {}"));
    assertThat(summary(r)).containsExactly("no-final-read[unknown] ops=[]");
  }
}
