package dev.firedrill.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code firedrill run --cluster DRILL --wait --junit ... --report-dir ... --timeout ...} of
 * the packaged CLI, as a CI job runs it, against the current kube context: its exit code, what it
 * printed, the DrillRun it started and where its report went.
 *
 * @param exitCode 0 pass, 1 fail or aborted, 2 could not run, 3 inconclusive
 * @param output stdout and stderr, interleaved
 * @param drillRun the DrillRun's name, from the gate's "started DrillRun" line; null when none
 * @param reportDir where the gate downloaded the report
 * @param junit the fixed junit.xml path the gate copied the run's JUnit report to
 */
record GateRun(int exitCode, String output, String drillRun, Path reportDir, Path junit) {

  private static final Pattern STARTED = Pattern.compile("started DrillRun (\\S+)");

  /**
   * How long the CI gate may wait for a verdict (its --timeout); the process gets a minute more.
   */
  static final String TIMEOUT = "10m";

  /**
   * Runs the drill file {@code drill} (relative to the repository's root) through the gate, with
   * its files under {@code target/e2e/<label>/}.
   */
  static GateRun of(KindCluster cluster, String drill, String label)
      throws IOException, InterruptedException {
    Path dir = Path.of("target", "e2e", label).toAbsolutePath();
    Files.createDirectories(dir);
    Path reportDir = dir.resolve("report");
    Path junit = dir.resolve("junit.xml");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-jar",
            cluster.cliJar.toString(),
            "run",
            "--cluster",
            cluster.root.resolve(drill).toString(),
            "--wait",
            "--junit",
            junit.toString(),
            "--report-dir",
            reportDir.toString(),
            "--timeout",
            TIMEOUT));
    Path log = dir.resolve("gate.log");
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .directory(dir.toFile())
            .start();
    if (!process.waitFor(11, TimeUnit.MINUTES)) {
      process.destroy(); // SIGTERM: the gate deletes its DrillRun, which the operator heals
      process.waitFor(30, TimeUnit.SECONDS);
      process.destroyForcibly();
      throw new IllegalStateException(
          "firedrill run --cluster " + drill + " did not exit within 11 minutes; log: " + log);
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    System.out.printf(
        "--- %s (exit %d)%n%s%n", String.join(" ", command), process.exitValue(), output);
    Matcher started = STARTED.matcher(output);
    return new GateRun(
        process.exitValue(), output, started.find() ? started.group(1) : null, reportDir, junit);
  }
}
