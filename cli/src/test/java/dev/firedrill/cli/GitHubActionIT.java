package dev.firedrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The steps of action.yml that hold its logic, run as a GitHub runner runs a composite action's
 * {@code shell: bash} step ({@code bash --noprofile --norc -eo pipefail}), with the step's own
 * environment mapping (the inputs filled in as a workflow's {@code with:} would), from the
 * repository's root as workspace, on the packaged CLI: the demo's oversell drill in local mode,
 * with the shop's bug on and off. The steps GitHub provides (setup-java, cache, upload-artifact)
 * are not run here; the cluster mode's gate is tested with the operator in {@code
 * DrillRunOperatorIT} and on kind by e2e/kind/run.sh.
 */
class GitHubActionIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final String DRILL = "drills/demo/inventory-oversell.yaml";

  @TempDir Path dir;

  @Test
  void withTheBugOnTheRunStepRecordsFailAndLeavesTheJunitAndTheRunFolder() throws Exception {
    Step step = run("oversell", "cli/target/action-it/on");

    assertThat(step.exit()).as(step.log()).isZero(); // the verdict fails the job in the last step
    assertThat(step.outputs()).containsEntry("exit-code", "1").containsEntry("verdict", "fail");
    assertThat(Files.readString(ROOT.resolve("cli/target/action-it/on/junit.xml")))
        .contains("<failure");
    assertThat(runFolders("cli/target/action-it/on/runs"))
        .singleElement()
        .satisfies(run -> {
          assertThat(run.getFileName().toString()).startsWith("inventory-oversell-");
          assertThat(run.resolve("report.html")).isRegularFile();
          assertThat(run.resolve("history.jsonl")).isRegularFile();
        });
    assertThat(step.summary()).contains("### Firedrill: fail (exit 1)");
    assertThat(step.log()).contains("firedrill run " + DRILL + " --junit");
  }

  @Test
  void withTheBugOffTheRunStepRecordsPass() throws Exception {
    Step step = run("", "cli/target/action-it/off");

    assertThat(step.exit()).as(step.log()).isZero();
    assertThat(step.outputs()).containsEntry("exit-code", "0").containsEntry("verdict", "pass");
    assertThat(Files.readString(ROOT.resolve("cli/target/action-it/off/junit.xml")))
        .contains("<testsuite")
        .doesNotContain("<failure");
  }

  @Test
  void theCheckStepRefusesAnUnknownModeAndAnOldJava() throws Exception {
    JsonNode check = step("Check the inputs");

    Step mode = bash(check, Map.of("inputs.mode", "kubernetes", "inputs.java-version", "21"));
    assertThat(mode.exit()).isEqualTo(2);
    assertThat(mode.log())
        .contains("::error title=firedrill::mode 'kubernetes' is neither local nor cluster");
    Step java = bash(check, Map.of("inputs.mode", "cluster", "inputs.java-version", "17"));
    assertThat(java.exit()).isEqualTo(2);
    assertThat(java.log()).contains("java-version '17' is not 21 or newer");
    assertThat(bash(check, Map.of("inputs.mode", "local", "inputs.java-version", "25")).exit())
        .isZero();
  }

  @Test
  void theLastStepFailsTheJobWithTheVerdictsCode() throws Exception {
    JsonNode last = step("Fail the job with the verdict");
    assertThat(last.path("if").asText()).isEqualTo("steps.run.outputs.exit-code != '0'");

    Step fail =
        bash(
            last,
            Map.of(
                "steps.run.outputs.exit-code", "3", "steps.run.outputs.verdict", "inconclusive"));
    assertThat(fail.exit()).isEqualTo(3);
    assertThat(fail.log()).contains("verdict inconclusive (exit 3)");
  }

  /** The "Run the drills" step on the demo drill, with FIREDRILL_DEMO_BUGS set to {@code bugs}. */
  private Step run(String bugs, String out) throws Exception {
    Path jar = Path.of("target", "firedrill-cli.jar").toAbsolutePath();
    assertThat(jar).as("the shaded CLI that package builds before the ITs").isRegularFile();
    deleteTree(ROOT.resolve(out));
    return bash(
        CiDocsTest.runStep(CiDocsTest.action()),
        Map.of(
            "inputs.drills",
            DRILL,
            "inputs.mode",
            "local",
            "inputs.junit",
            out + "/junit.xml",
            "inputs.report-dir",
            out + "/runs",
            "inputs.timeout",
            "20m",
            "inputs.namespace",
            "",
            "github.action_path",
            ROOT.toString(),
            "FIREDRILL_DEMO_BUGS",
            bugs));
  }

  /**
   * One step's script under bash as GitHub runs it: its {@code env:} with each {@code ${{ x }}}
   * replaced by {@code values.get(x)}, plus {@code values} that are plain variable names, the
   * test's JDK first on PATH (setup-java's job), GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files.
   */
  private Step bash(JsonNode step, Map<String, String> values) throws Exception {
    Path script =
        Files.writeString(Files.createTempFile(dir, "step", ".sh"), step.path("run").asText());
    Path output = Files.createTempFile(dir, "output", "");
    Path summary = Files.createTempFile(dir, "summary", "");
    ProcessBuilder builder =
        new ProcessBuilder("bash", "--noprofile", "--norc", "-eo", "pipefail", script.toString())
            .directory(ROOT.toFile())
            .redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.remove("FIREDRILL_DEMO_BUGS");
    env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + env.get("PATH"));
    env.put("GITHUB_OUTPUT", output.toString());
    env.put("GITHUB_STEP_SUMMARY", summary.toString());
    step.path("env")
        .fields()
        .forEachRemaining(e -> {
          String value = e.getValue().asText();
          for (Map.Entry<String, String> v : values.entrySet()) {
            value = value.replace("${{ " + v.getKey() + " }}", v.getValue());
          }
          assertThat(value).as("env %s filled", e.getKey()).doesNotContain("${{");
          env.put(e.getKey(), value);
        });
    values.forEach((k, v) -> {
      if (k.matches("[A-Z_]+")) {
        env.put(k, v);
      }
    });
    Process process = builder.start();
    String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
    Map<String, String> outputs = new java.util.LinkedHashMap<>();
    for (String line : Files.readAllLines(output)) {
      int eq = line.indexOf('=');
      outputs.put(line.substring(0, eq), line.substring(eq + 1));
    }
    return new Step(process.exitValue(), log, outputs, Files.readString(summary));
  }

  private static JsonNode step(String name) throws IOException {
    for (JsonNode step : CiDocsTest.action().path("runs").path("steps")) {
      if (name.equals(step.path("name").asText())) {
        return step;
      }
    }
    throw new AssertionError("action.yml has no step named " + name);
  }

  private static List<Path> runFolders(String relative) throws IOException {
    try (Stream<Path> list = Files.list(ROOT.resolve(relative))) {
      return list.filter(Files::isDirectory).toList();
    }
  }

  private static void deleteTree(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private record Step(int exit, String log, Map<String, String> outputs, String summary) {}
}
