package dev.firedrill.engine.fault.skew;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firedrill.engine.fault.LedgerEntry;
import dev.firedrill.engine.model.LocalProcess;
import dev.firedrill.engine.run.RunContext;
import dev.firedrill.engine.validate.DrillLoader;
import dev.firedrill.engine.validate.LoadedDrill;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The timestamp file's lines, the process environment, the healer and a missing libfaketime. */
class ClockSkewSetupTest {

  @TempDir Path dir;

  private static final String DRILL =
      """
      target:
        processes:
          - name: orders
            command: [java, -jar, orders.jar]
            env: {LD_PRELOAD: /opt/agent.so}
          - name: payments
            command: [java, -jar, payments.jar]
      workload:
        type: set
        baseUrl: http://127.0.0.1:18080
        duration: 1m
        operations:
          add: {method: POST, path: /items, json: '{"id": "{{value}}"}'}
          read: {path: /items, extract: /ids}
      faults:
        - name: skew
          at: 10s
          duration: 20s
          clockSkew: {processes: [orders], offset: -30s}
      invariants:
        - type: noLostWrites
      """;

  private RunContext context() {
    LoadedDrill drill = new DrillLoader().load("drill.yaml", DRILL).drills().getFirst();
    return new RunContext("d", drill.spec(), dir.resolve("run"), dir, line -> {});
  }

  private LocalProcess process(String name) {
    return context().spec().target().processes().stream()
        .filter(p -> p.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void offsetsAreWrittenInSecondsWithMillisecondsOnlyWhenNeeded() {
    assertThat(FaketimeFile.line(Duration.ZERO)).isEqualTo("+0");
    assertThat(FaketimeFile.line(Duration.ofSeconds(-30))).isEqualTo("-30");
    assertThat(FaketimeFile.line(Duration.ofMillis(1500))).isEqualTo("+1.500");
    assertThat(FaketimeFile.line(Duration.ofMillis(-20))).isEqualTo("-0.020");
    assertThat(FaketimeFile.line(Duration.ofHours(2))).isEqualTo("+7200");
  }

  @Test
  void onlyTheProcessesASkewNamesGetLibfaketimeBeforeTheirOwnPreload() {
    Map<String, String> lib = Map.of(Libfaketime.ENV, TestingLibrary.path(dir).toString());
    Map<String, String> env = ClockSkewSetup.processEnv(context(), process("orders"), lib);

    assertThat(env)
        .containsEntry("LD_PRELOAD", TestingLibrary.path(dir) + ":/opt/agent.so")
        .containsEntry(
            "FAKETIME_TIMESTAMP_FILE",
            dir.resolve("run/clock/orders.faketime").toAbsolutePath().toString())
        .containsEntry("FAKETIME_DONT_FAKE_MONOTONIC", "1")
        .containsEntry("FAKETIME_FORCE_MONOTONIC_FIX", "0")
        .containsEntry("FAKETIME_CACHE_DURATION", "1");
    assertThat(ClockSkewSetup.processEnv(context(), process("payments"), lib)).isEmpty();
  }

  @Test
  void aRunWithAClockSkewAndNoLibfaketimeIsRefusedWithTheFix() {
    Map<String, String> env = Map.of(Libfaketime.ENV, dir.resolve("nope.so").toString());

    assertThatThrownBy(() -> new ClockSkewSetup(env).open(context()))
        .isInstanceOf(IOException.class)
        .hasMessage(
            "clockSkew needs libfaketime, and FIREDRILL_LIBFAKETIME="
                + dir.resolve("nope.so")
                + " is not a file (fix: point it at libfaketime.so.1, or unset it)");
  }

  @Test
  void theHealerSetsTheRecordedFileBackToZeroAndIgnoresAGoneRunDirectory() throws Exception {
    Files.createDirectories(dir.resolve("clock"));
    Path file = dir.resolve("clock/orders.faketime");
    FaketimeFile.write(file, "-30");
    LedgerEntry entry =
        LedgerEntry.planned(
            "skew#0",
            "clockSkew",
            "clock",
            "orders",
            Map.of("file", file.toString(), "offset", "+0"),
            null);

    new ClockSkewHealer().heal(entry);
    new ClockSkewHealer().heal(entry);

    assertThat(Files.readString(file)).isEqualTo("+0\n");
    LedgerEntry gone =
        LedgerEntry.planned(
            "skew#0",
            "clockSkew",
            "clock",
            "orders",
            Map.of("file", dir.resolve("deleted/orders.faketime").toString()),
            null);
    new ClockSkewHealer().heal(gone);
    assertThat(dir.resolve("deleted")).doesNotExist();
  }

  /** A file standing in for the library where only its path matters. */
  static final class TestingLibrary {
    static Path path(Path dir) {
      Path p = dir.resolve("libfaketime.so.1");
      try {
        if (!Files.exists(p)) {
          Files.write(p, List.of("not a library"));
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return p;
    }
  }
}
