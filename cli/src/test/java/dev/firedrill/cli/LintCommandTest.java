package dev.firedrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LintCommandTest {

  @Test
  void theDrillLibraryIsValid() {
    CliRun run = CliRun.of("lint", "../drills");

    assertThat(run.err()).isEmpty();
    assertThat(run.out()).matches("(?s)\\d+ drill\\(s\\) valid\\R");
    assertThat(run.exitCode()).isZero();
  }

  @Test
  void problemsPrintOnePerLineWithFileLineColumnPathAndFixAndExitTwo(@TempDir Path dir)
      throws IOException {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(
        bad,
        """
        target: {namespace: kube-system}
        workload:
          type: sett
          baseUrl: http://x:1
          duration: 1m
          operations: {}
        invariants: [{type: noLostWrites}]
        """);

    CliRun run = CliRun.of("lint", bad.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines())
        .containsExactly(
            bad
                + ":1:21: target.namespace: 'kube-system' is never a legal target (fix: target"
                + " your application's namespace, labelled firedrill.dev/drills=enabled)",
            bad
                + ":3:9: workload.type: 'sett' is not one of set, register, kv, queue, counter,"
                + " bank, events (fix: did you mean 'set'?)",
            "2 problem(s) in 1 file(s); 0 drill(s) valid");
  }

  @Test
  void missingFileIsAProblemNotACrash() {
    CliRun run = CliRun.of("lint", "no-such-file.yaml");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .startsWith("no-such-file.yaml:1:1: no such file or folder (fix: check the path)");
  }

  @Test
  void usageErrorsExitTwoAndVersionAndHelpExitZero() {
    assertThat(CliRun.of("lint").exitCode()).isEqualTo(2);
    assertThat(CliRun.of("--no-such-option").exitCode()).isEqualTo(2);
    CliRun version = CliRun.of("--version");
    assertThat(version.exitCode()).isZero();
    assertThat(version.out()).startsWith("firedrill ");
    CliRun help = CliRun.of("--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("lint", "Examples:", "Exit codes:");
  }
}
