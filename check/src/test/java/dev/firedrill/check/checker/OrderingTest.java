package dev.firedrill.check.checker;

import static dev.firedrill.check.checker.Verdicts.summary;
import static dev.firedrill.check.history.Dsl.h;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OrderingTest {
  private final Ordering checker = new Ordering();

  @Test
  void versionsThatNeverGoBackAreValid() {
    Result r =
        checker.check(
            h(
                "0 invoke read key=o1",
                "0 ok read 1 key=o1",
                "1 invoke read key=o1",
                "1 ok read 2 key=o1"));
    assertThat(r.validity()).isEqualTo(Validity.VALID);
    assertThat(r.stats()).containsEntry("reads", 2L).containsEntry("entities", 1);
  }

  @Test
  void aLowerVersionAfterAHigherOneCompletedIsARegressionWithBothReads() {
    Result r =
        checker.check(
            h(
                "0 invoke read key=o1",
                "0 ok read 5 key=o1",
                "1 invoke read key=o1",
                "1 ok read 4 key=o1",
                "1 invoke read key=o1",
                "1 ok read 3 key=o1"));
    assertThat(r.validity()).isEqualTo(Validity.INVALID);
    assertThat(summary(r)).containsExactly("regression[invalid] key=o1 ops=[1, 2, 3]");
    assertThat(r.anomalies().get(0).explanation())
        .isEqualTo(
            "key o1: op 3 (p1 ok read 4, t=3.000 ms) read version 4, but op 1 (p0 ok read 5,"
                + " t=1.000 ms), which completed before it began, had read 5");
  }

  @Test
  void concurrentReadsMayDisagree() {
    Result r =
        checker.check(
            h(
                "0 invoke read key=o1",
                "1 invoke read key=o1",
                "0 ok read 5 key=o1",
                "1 ok read 4 key=o1"));
    assertThat(r.validity()).isEqualTo(Validity.VALID);
  }

  @Test
  void eventsAppliedOutOfOrderAreReported() {
    Result ok =
        checker.check(
            h(
                "0 invoke append 1 key=e",
                "0 ok append 1 key=e",
                "1 invoke read key=e",
                "1 ok read [1 2 3] key=e"));
    assertThat(ok.validity()).isEqualTo(Validity.VALID);
    Result r = checker.check(h("1 invoke read key=e", "1 ok read [1 3 2] key=e"));
    assertThat(summary(r)).containsExactly("out-of-order[invalid] key=e ops=[0, 1]");
    assertThat(r.anomalies().get(0).details())
        .containsEntry("before", 3L)
        .containsEntry("after", 2L);
  }

  @Test
  void appendsNeverReadAreUnknown() {
    Result r = checker.check(h("0 invoke append 1 key=e", "0 ok append 1 key=e"));
    assertThat(summary(r)).containsExactly("no-final-read[unknown] key=e ops=[]");
  }
}
