package dev.firedrill.check.checker;

import static dev.firedrill.check.checker.Verdicts.summary;
import static dev.firedrill.check.history.Dsl.h;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConvergenceTest {
  private final Convergence within5ms = new Convergence(Duration.ofMillis(5));

  @Test
  void aProjectionEqualToTheSourceWithinTheWindowConverges() {
    Result r =
        within5ms.check(
            h(
                "0 invoke write 1 key=a", "0 ok write 1 key=a t=1",
                "1 invoke read-source t=2", "1 ok read-source {\"a\" 1} t=2",
                "1 invoke read-projection t=3", "1 ok read-projection {} t=3",
                "1 invoke read-projection t=4", "1 ok read-projection {\"a\" 1} t=4"));
    assertThat(r.validity()).isEqualTo(Validity.VALID);
    assertThat(r.stats()).containsEntry("timeToConvergeMillis", 3.0);
  }

  @Test
  void convergingLaterThanTheWindowIsInvalid() {
    Result r =
        within5ms.check(
            h(
                "0 invoke write 1 key=a", "0 ok write 1 key=a t=1",
                "1 invoke read-source t=2", "1 ok read-source {\"a\" 1} t=2",
                "1 invoke read-projection t=20", "1 ok read-projection {\"a\" 1} t=20"));
    assertThat(summary(r)).containsExactly("not-converged[invalid] ops=[3, 5]");
    assertThat(r.anomalies().get(0).details()).containsEntry("timeToConvergeMillis", 19.0);
  }

  @Test
  void aProjectionStillDifferentAfterTheDeadlineIsInvalidWithTheDivergentKeys() {
    Result r =
        within5ms.check(
            h(
                "0 invoke write 1 key=a", "0 ok write 1 key=a t=1",
                "1 invoke read-source t=2", "1 ok read-source {\"a\" 1 \"b\" 2} t=2",
                "1 invoke read-projection t=10",
                    "1 ok read-projection {\"a\" 0 \"b\" 2 \"c\" 3} t=10"));
    assertThat(summary(r)).containsExactly("not-converged[invalid] ops=[3, 5]");
    assertThat(r.anomalies().get(0).details()).containsEntry("divergentKeys", List.of("a", "c"));
  }

  @Test
  void withoutReadsAfterTheDeadlineItIsUnknown() {
    Result early =
        within5ms.check(
            h(
                "0 invoke write 1 key=a", "0 ok write 1 key=a t=1",
                "1 invoke read-source t=2", "1 ok read-source {\"a\" 1} t=2",
                "1 invoke read-projection t=3", "1 ok read-projection {} t=3"));
    assertThat(summary(early)).containsExactly("no-final-read[unknown] ops=[]");
    Result noSource = within5ms.check(h("0 invoke write 1 key=a", "0 ok write 1 key=a"));
    assertThat(noSource.validity()).isEqualTo(Validity.UNKNOWN);
  }
}
