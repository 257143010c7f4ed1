package dev.firedrill.engine.step;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.engine.model.CommandStep;
import dev.firedrill.engine.model.StepSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command step's {@code workingDir} and {@code expectExit} reach a real process: the step runs
 * where it is told (relative to the drill's folder, placeholders expanded) and its exit code counts
 * as success only when it is the one expected.
 */
class CommandStepFieldsIT {

  @TempDir Path drillDir;

  private StepValues values() {
    return new StepValues(drillDir.resolve("runs/r1"), "r1", 7, drillDir);
  }

  private static StepSpec step(String workingDir, Integer expectExit) {
    return new StepSpec(
        "probe",
        null,
        new CommandStep(
            List.of("sh", "-c", "pwd > where; exit 3"), workingDir, Map.of(), expectExit),
        "10s");
  }

  @Test
  void theCommandRunsInItsWorkingDirRelativeToTheDrillWithPlaceholdersExpanded() throws Exception {
    Files.createDirectories(drillDir.resolve("runs/r1/data"));
    List<StepOutcome> out = Steps.setup(List.of(step("{{runDir}}/data", 3)), values(), o -> {});

    assertThat(out).singleElement().satisfies(o -> assertThat(o.ok()).isTrue());
    Path where = drillDir.resolve("runs/r1/data/where");
    assertThat(Files.readString(where).strip())
        .isEqualTo(drillDir.resolve("runs/r1/data").toRealPath().toString());
    assertThat(drillDir.resolve("where")).doesNotExist();
  }

  @Test
  void withoutAWorkingDirTheCommandRunsInTheDrillsFolder() throws Exception {
    Steps.setup(List.of(step(null, 3)), values(), o -> {});

    assertThat(Files.readString(drillDir.resolve("where")).strip())
        .isEqualTo(drillDir.toRealPath().toString());
  }

  @Test
  void anExitCodeOtherThanExpectExitFailsTheStepAndTheExpectedOnePasses() throws Exception {
    List<StepOutcome> byDefault = Steps.setup(List.of(step(null, null)), values(), o -> {});
    List<StepOutcome> expected = Steps.setup(List.of(step(null, 3)), values(), o -> {});

    assertThat(byDefault.getFirst().ok()).isFalse();
    assertThat(byDefault.getFirst().error()).contains("3");
    assertThat(expected.getFirst().ok()).isTrue();
  }
}
