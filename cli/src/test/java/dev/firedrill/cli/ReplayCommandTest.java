package dev.firedrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A replay of something that is not a finished run is refused with the fix, exit 2. */
class ReplayCommandTest {

  @TempDir Path dir;

  @Test
  void aFolderWithoutARunIsRefused() {
    CliRun run = CliRun.of("replay", dir.toString());

    assertThat(run.exitCode()).isEqualTo(Firedrill.CANNOT_RUN);
    assertThat(run.err())
        .isEqualTo(
            dir
                + ": not a finished run directory, it has no drill.yaml (fix: name a folder"
                + " firedrill run wrote, after the run ended)\n");
  }

  @Test
  void aRunWithoutItsSeedIsRefused() throws Exception {
    Files.writeString(dir.resolve("drill.yaml"), "description: x\n");
    Files.writeString(dir.resolve("results.json"), "{\"verdict\": \"Fail\"}");

    CliRun run = CliRun.of("replay", dir.toString());

    assertThat(run.exitCode()).isEqualTo(Firedrill.CANNOT_RUN);
    assertThat(run.err())
        .isEqualTo(
            dir.resolve("results.json")
                + ": seed or runId missing (fix: restore the file firedrill run wrote)\n");
  }
}
