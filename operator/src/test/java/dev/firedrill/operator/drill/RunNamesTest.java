package dev.firedrill.operator.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Run names and drill labels stay within 63 characters. */
class RunNamesTest {

  private static final Instant AT = Instant.parse("2026-11-23T01:02:03.456Z");

  @Test
  void aRunIsNamedAfterItsDrillAndTheUtcSecond() {
    assertThat(RunNames.of("weekly-pod-kill", AT, 0)).isEqualTo("weekly-pod-kill-20261123-010203");
    assertThat(RunNames.of("weekly-pod-kill", AT, 1))
        .isEqualTo("weekly-pod-kill-20261123-010203-2");
  }

  @Test
  void longAndDottedDrillNamesAreCutToSixtyThreeCharactersWithoutATrailingDash() {
    String drill = "a".repeat(45) + "-b.c" + "d".repeat(200);

    String name = RunNames.of(drill, AT, 11);

    assertThat(name).hasSizeLessThanOrEqualTo(63).endsWith("-20261123-010203-12");
    assertThat(name).startsWith("a".repeat(44)).doesNotContain("--").doesNotContain(".");
  }

  @Test
  void drillLabelsAreTheNameWhenItFitsElseACutNameAndAHash() {
    assertThat(RunNames.labelValue("weekly-pod-kill")).isEqualTo("weekly-pod-kill");
    String long1 = "x".repeat(100) + "1";
    String long2 = "x".repeat(100) + "2";

    assertThat(RunNames.labelValue(long1)).hasSize(63).startsWith("x".repeat(54) + "-");
    assertThat(RunNames.labelValue(long1)).isNotEqualTo(RunNames.labelValue(long2));
  }
}
