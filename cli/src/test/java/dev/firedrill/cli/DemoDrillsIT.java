package dev.firedrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firedrill.cli.DemoCases.DemoCase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every demo drill, run through the real {@code firedrill run} against the demo shop's processes
 * (built by the demo module, a test dependency of this one, before this module's failsafe): Fail
 * with the case's anomaly when its bug is on, Pass when it is off. About 10-15 s per run.
 */
class DemoDrillsIT {

  private static final Path ROOT = Path.of("..");
  private static final Path DEMO_JAR = ROOT.resolve("demo/target/firedrill-demo.jar");
  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void demoJarIsBuilt() {
    assertThat(DEMO_JAR)
        .as(
            "the demo shop's jar %s is missing: build it first (./mvnw -pl cli,demo -am package)",
            DEMO_JAR.toAbsolutePath().normalize())
        .isRegularFile();
  }

  static Stream<Arguments> runs() {
    return DemoCases.ALL.stream()
        .flatMap(c -> Stream.of(Arguments.of(c, true), Arguments.of(c, false)));
  }

  @Test
  void everyDrillInTheDemoFolderIsACase() throws IOException {
    List<String> files = new ArrayList<>();
    try (Stream<Path> s = Files.list(ROOT.resolve(DemoCases.DIRECTORY))) {
      s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).forEach(files::add);
    }
    assertThat(files)
        .containsExactlyInAnyOrderElementsOf(DemoCases.ALL.stream().map(DemoCase::file).toList());
  }

  @ParameterizedTest(name = "{0}, bug on: {1}")
  @MethodSource("runs")
  void failsWithTheAnomalyWhenTheBugIsOnAndPassesWhenItIsOff(
      DemoCase c, boolean bugOn, @TempDir Path out) throws IOException {
    Path drill = ROOT.resolve(DemoCases.DIRECTORY).resolve(c.file());

    CliRun run =
        CliRun.of(
            "run",
            drill.toString(),
            "--out",
            out.toString(),
            "--seed",
            "1",
            "--env",
            "FIREDRILL_DEMO_BUGS=" + (bugOn ? c.bug() : ""));

    JsonNode results = JSON.readTree(runDir(out).resolve("results.json").toFile());
    String context = run.out() + run.err();
    if (bugOn) {
      assertThat(run.exitCode()).as(context).isEqualTo(Firedrill.FAIL);
      assertThat(results.path("verdict").asText()).as(context).isEqualTo("Fail");
      assertThat(anomalies(results, c.invariant())).as(context).contains(c.anomaly());
    } else {
      assertThat(run.exitCode()).as(context).isEqualTo(Firedrill.PASS);
      assertThat(results.path("verdict").asText()).as(context).isEqualTo("Pass");
      assertThat(anomalies(results, c.invariant())).as(context).doesNotContain(c.anomaly());
    }
  }

  /** The one run directory {@code firedrill run} made under {@code out}. */
  private static Path runDir(Path out) throws IOException {
    try (Stream<Path> s = Files.list(out)) {
      List<Path> dirs = s.filter(Files::isDirectory).toList();
      assertThat(dirs).as("run directories under " + out).hasSize(1);
      return dirs.getFirst();
    }
  }

  /** The kinds of the anomalies the named invariant reported. */
  private static List<String> anomalies(JsonNode results, String invariant) {
    List<String> kinds = new ArrayList<>();
    for (JsonNode inv : results.path("invariants")) {
      if (inv.path("invariant").asText().equals(invariant)) {
        inv.path("anomalies").forEach(a -> kinds.add(a.path("kind").asText()));
      }
    }
    return kinds;
  }
}
