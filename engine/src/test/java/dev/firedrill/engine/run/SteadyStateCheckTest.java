package dev.firedrill.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.engine.model.SteadyState;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SteadyStateCheckTest {

  private static final String URL = "http://127.0.0.1:1";

  private static Evidence.Snapshot snapshot(
      long readOk, long readFail, long updateOk, long updateFail, long answered, String error) {
    return new Evidence.Snapshot(readOk, readFail, 0, updateOk, updateFail, 0, answered, error);
  }

  private static String failure(Evidence.Snapshot e) {
    return SteadyStateCheck.failure(SteadyState.DEFAULT, e, Map.of(), URL).orElse(null);
  }

  @Test
  void everyOperationRefusedIsNothingTested() {
    assertThat(failure(snapshot(0, 4, 0, 30, 0, "connect: Connection refused")))
        .isEqualTo("every operation to http://127.0.0.1:1 failed: connect: Connection refused");
  }

  @Test
  void tooFewOperationsIsNotYetASteadyState() {
    assertThat(failure(snapshot(1, 0, 1, 0, 2, null)))
        .isEqualTo("only 2 operation(s) to http://127.0.0.1:1 completed, 3 needed");
  }

  @Test
  void writesThatAllFailAreNothingTestedEvenWhenReadsAnswer() {
    assertThat(failure(snapshot(20, 0, 0, 20, 40, "HTTP 404")))
        .isEqualTo("no write to http://127.0.0.1:1 was acknowledged (20 tried): HTTP 404");
  }

  @Test
  void readsThatNeverAnswerAreNothingTested() {
    Evidence.Snapshot e = new Evidence.Snapshot(0, 0, 9, 9, 0, 0, 9, "response has no /node/valeu");
    assertThat(failure(e))
        .isEqualTo(
            "no read of http://127.0.0.1:1 was answered (9 tried): response has no /node/valeu");
  }

  @Test
  void statedFailuresCountAsAnswersSoOutOfStockIsASteadyState() {
    assertThat(failure(snapshot(5, 0, 10, 300, 315, "HTTP 409"))).isNull();
  }

  @Test
  void mostlyTimeoutsIsNotASteadyState() {
    Evidence.Snapshot e = new Evidence.Snapshot(2, 0, 0, 2, 0, 8, 4, "timeout after 500ms");
    assertThat(failure(e))
        .isEqualTo(
            "only 4 of 12 operations to http://127.0.0.1:1 were answered (33%, steadyState.minAnswered"
                + " is 50%): timeout after 500ms");
  }

  @Test
  void probesMustHaveAnsweredAndBeHealthy() {
    Map<String, Boolean> probes = new LinkedHashMap<>();
    probes.put("orders", true);
    probes.put("payments", null);
    Evidence.Snapshot fine = snapshot(5, 0, 5, 0, 10, null);
    assertThat(SteadyStateCheck.failure(SteadyState.DEFAULT, fine, probes, URL))
        .contains("probe payments has not answered yet");
    probes.put("payments", false);
    assertThat(SteadyStateCheck.failure(SteadyState.DEFAULT, fine, probes, URL))
        .contains("probe payments is failing");
    probes.put("payments", true);
    assertThat(SteadyStateCheck.failure(SteadyState.DEFAULT, fine, probes, URL)).isEmpty();
  }
}
