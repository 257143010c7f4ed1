package dev.firedrill.check.checker;

import static dev.firedrill.check.checker.Verdicts.summary;
import static dev.firedrill.check.history.Dsl.h;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class NoLostWritesTest {
  private final NoLostWrites set = new NoLostWrites();

  @Test
  void anAcknowledgedElementInTheFinalReadIsStable() {
    Result r = set.check(h("0 invoke add 1", "0 ok add 1", "1 invoke read", "1 ok read [1]"));
    assertThat(r.validity()).isEqualTo(Validity.VALID);
    assertThat(r.anomalies()).isEmpty();
    assertThat(r.stats())
        .containsEntry("attempted", 1L)
        .containsEntry("acknowledged", 1L)
        .containsEntry("stable", 1L)
        .containsEntry("lost", 0L)
        .containsEntry(
            "stableLatencyMillis",
            Map.of("0", 1.0, "0.5", 1.0, "0.95", 1.0, "0.99", 1.0, "1", 1.0));
  }

  @Test
  void anAcknowledgedElementAbsentFromTheLastFollowingReadIsLost() {
    Result r =
        set.check(
            h(
                "0 invoke add 1 idem=a trace=t1",
                "0 ok add 1 idem=a trace=t1",
                "1 invoke read",
                "1 ok read []"));
    assertThat(r.validity()).isEqualTo(Validity.INVALID);
    assertThat(summary(r)).containsExactly("lost[invalid] ops=[1, 3]");
    assertThat(r.anomalies().get(0).explanation())
        .isEqualTo(
            "element 1 was acknowledged by op 1 (p0 ok add 1, t=1.000 ms, idempotency key a,"
                + " trace t1), then absent from op 3 (p1 ok read [], t=3.000 ms) and every later read");
    assertThat(r.anomalies().get(0).details()).containsEntry("lostAfterMillis", 1.0);
  }

  @Test
  void anElementAbsentThenPresentAgainIsStaleWhichIsLegalUnlessLinearizable() {
    String[] ops = {
      "0 invoke add 1",
      "0 ok add 1",
      "1 invoke read",
      "1 ok read []",
      "1 invoke read",
      "1 ok read [1]"
    };
    Result r = set.check(h(ops));
    assertThat(r.validity()).isEqualTo(Validity.VALID);
    assertThat(summary(r)).containsExactly("stale[valid] ops=[2, 3]");
    Result strict = new NoLostWrites(true).check(h(ops));
    assertThat(strict.validity()).isEqualTo(Validity.INVALID);
    assertThat(summary(strict)).containsExactly("stale[invalid] ops=[2, 3]");
  }

  @Test
  void aReadThatBeganBeforeTheAcknowledgementDoesNotCount() {
    Result r = set.check(h("0 invoke add 1", "1 invoke read", "0 ok add 1", "1 ok read []"));
    assertThat(r.validity()).isEqualTo(Validity.UNKNOWN);
    assertThat(summary(r)).containsExactly("never-read[unknown] ops=[2]");
  }

  @Test
  void noFinalReadIsUnknownNeverValid() {
    Result r = set.check(h("0 invoke add 1", "0 ok add 1"));
    assertThat(r.validity()).isEqualTo(Validity.UNKNOWN);
    assertThat(r.stats()).containsEntry("neverRead", 1L);
  }

  @Test
  void anElementNobodyAddedIsUnexpected() {
    Result r = set.check(h("0 invoke read", "0 ok read [7]"));
    assertThat(summary(r)).containsExactly("unexpected[invalid] ops=[1]");
    assertThat(r.validity()).isEqualTo(Validity.INVALID);
  }

  @Test
  void anElementWhoseAddFailedIsUnexpectedWhenRead() {
    Result r = set.check(h("0 invoke add 2", "0 fail add 2", "1 invoke read", "1 ok read [2]"));
    assertThat(summary(r)).containsExactly("unexpected[invalid] ops=[1, 3]");
  }

  @Test
  void anIndeterminateAddThatAppearsIsRecoveredAndOneThatDoesNotIsNotLost() {
    Result r =
        set.check(
            h(
                "0 invoke add 1",
                "0 info add 1",
                "1 invoke add 2",
                "1 info add 2",
                "2 invoke read",
                "2 ok read [1]",
                "2 invoke read",
                "2 ok read [1]"));
    assertThat(r.validity()).isEqualTo(Validity.VALID);
    assertThat(r.stats())
        .containsEntry("indeterminate", 2L)
        .containsEntry("recovered", 1L)
        .containsEntry("checked", 1L);
  }

  @Test
  void anIndeterminateElementSeenThenGoneIsLost() {
    Result r =
        set.check(
            h(
                "0 invoke add 1",
                "0 info add 1",
                "2 invoke read",
                "2 ok read [1]",
                "2 invoke read",
                "2 ok read []"));
    assertThat(summary(r)).containsExactly("lost[invalid] ops=[0, 5]");
  }

  @Test
  void eachKeyIsItsOwnSet() {
    Result r =
        set.check(
            h(
                "0 invoke add 1 key=a",
                "0 ok add 1 key=a",
                "1 invoke read key=b",
                "1 ok read [] key=b",
                "1 invoke read key=a",
                "1 ok read [1] key=a"));
    assertThat(r.validity()).isEqualTo(Validity.VALID);
  }
}
