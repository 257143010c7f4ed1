package dev.firedrill.check.checker;

import static dev.firedrill.check.history.Dsl.h;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.check.history.History;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComposeTest {
  private static Checker fixed(Validity v) {
    return new Checker() {
      @Override
      public String name() {
        return v.wireName();
      }

      @Override
      public Result check(History history) {
        List<Anomaly> anomalies =
            v == Validity.VALID
                ? List.of()
                : List.of(new Anomaly("x", v, null, "x", List.of(), Map.of()));
        return Result.of(name(), anomalies, Map.of());
      }
    };
  }

  private static final History EMPTY = h();

  @Test
  void invalidBeatsUnknownBeatsValid() {
    Checker valid = fixed(Validity.VALID);
    Checker unknown = fixed(Validity.UNKNOWN);
    Checker invalid = fixed(Validity.INVALID);
    assertThat(Compose.of().check(EMPTY).validity()).isEqualTo(Validity.VALID);
    assertThat(Compose.of(valid, valid).check(EMPTY).validity()).isEqualTo(Validity.VALID);
    assertThat(Compose.of(valid, unknown).check(EMPTY).validity()).isEqualTo(Validity.UNKNOWN);
    assertThat(Compose.of(unknown, invalid, valid).check(EMPTY).validity())
        .isEqualTo(Validity.INVALID);
    Result r = Compose.of(invalid, unknown).check(EMPTY);
    assertThat(r.children()).extracting(Result::checker).containsExactly("invalid", "unknown");
    assertThat(r.allAnomalies()).hasSize(2);
  }

  @Test
  void aResultIsAsSevereAsItsWorstAnomaly() {
    Anomaly note = new Anomaly("stale", Validity.VALID, null, "", List.of(), Map.of());
    Anomaly unknown = Anomaly.unknown("never-read", null, "", List.of());
    assertThat(Result.of("c", List.of(note), Map.of()).validity()).isEqualTo(Validity.VALID);
    assertThat(Result.of("c", List.of(note, unknown), Map.of()).validity())
        .isEqualTo(Validity.UNKNOWN);
  }
}
