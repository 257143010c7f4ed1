package dev.firedrill.check.checker;

import static dev.firedrill.check.checker.Verdicts.summary;
import static dev.firedrill.check.history.Dsl.h;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CounterTest {
  private final Counter counter = new Counter();

  @Test
  void readsBetweenAcknowledgedAndAttemptedAreValid() {
    // 3: the pending add of 2 may have happened; 1: it may not have, yet.
    Result r =
        counter.check(
            h(
                "0 invoke add 1",
                "0 ok add 1",
                "1 invoke add 2",
                "2 invoke read",
                "2 ok read 3",
                "2 invoke read",
                "2 ok read 1"));
    assertThat(r.validity()).isEqualTo(Validity.VALID);
    assertThat(r.anomalies()).isEmpty();
    assertThat(r.stats()).containsEntry("adds", 2L).containsEntry("reads", 2L);
  }

  @Test
  void aReadBelowTheAcknowledgedTotalIsInvalid() {
    Result r = counter.check(h("0 invoke add 1", "0 ok add 1", "2 invoke read", "2 ok read 0"));
    assertThat(summary(r)).containsExactly("below[invalid] ops=[2, 3]");
    assertThat(r.anomalies().get(0).explanation())
        .isEqualTo("op 3 (p2 ok read 0, t=3.000 ms) read 0, below the acknowledged total 1");
  }

  @Test
  void aReadAboveTheAttemptedTotalIsInvalidAndFailedAddsDoNotCount() {
    Result r = counter.check(h("0 invoke add 5", "0 fail add 5", "2 invoke read", "2 ok read 5"));
    assertThat(summary(r)).containsExactly("above[invalid] ops=[2, 3]");
    assertThat(r.anomalies().get(0).details()).containsEntry("read", 5L).containsEntry("upper", 0L);
  }

  @Test
  void anIndeterminateAddRaisesOnlyTheUpperBound() {
    Result r =
        counter.check(
            h(
                "0 invoke add 5",
                "0 info add 5",
                "2 invoke read",
                "2 ok read 5",
                "2 invoke read",
                "2 ok read 0"));
    assertThat(r.validity()).isEqualTo(Validity.VALID);
  }

  @Test
  void addsWithoutAReadAreUnknown() {
    Result r = counter.check(h("0 invoke add 1", "0 ok add 1"));
    assertThat(summary(r)).containsExactly("no-final-read[unknown] ops=[]");
  }
}
