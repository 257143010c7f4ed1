package dev.firedrill.engine.step;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What a step's placeholders become, and the one line a step's outcome is told in. */
class StepValuesTest {

  private final StepValues values =
      new StepValues(Path.of("/tmp/runs/r1"), "abc123", 42L, Path.of("/drills"));

  @Test
  void everyPlaceholderIsReplacedAndOtherBracesStay() {
    assertThat(values.expand("{{runDir}}/data/{{runId}}-{{seed}} {{key}} ${HOME}"))
        .isEqualTo("/tmp/runs/r1/data/abc123-42 {{key}} ${HOME}");
    assertThat(values.expand("${java}")).isNotEqualTo("${java}").endsWith("java");
    assertThat(values.expand(null)).isNull();
  }

  @Test
  void aFailedStepIsToldWithItsErrorAndTheEndOfItsOutput() {
    StepOutcome failed =
        new StepOutcome(
            "setup",
            "fixtures",
            "command",
            false,
            "exit 3",
            Duration.ofMillis(12),
            "loading\n  disk full\n",
            "exit code 3 (expected 0)");
    assertThat(failed.summary())
        .isEqualTo(
            "setup step 'fixtures' failed: exit code 3 (expected 0); output ends: loading | disk"
                + " full");
    StepOutcome ok =
        new StepOutcome(
            "teardown", "reset", "http", true, "HTTP 204", Duration.ofMillis(3), "body", null);
    assertThat(ok.summary()).isEqualTo("teardown step 'reset' done (HTTP 204)");
    String longOutput = "x".repeat(1000) + "END";
    assertThat(
            new StepOutcome("setup", "a", "http", false, null, Duration.ZERO, longOutput, "e")
                .summary())
        .endsWith("output ends: ..." + "x".repeat(297) + "END");
  }
}
