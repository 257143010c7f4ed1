package dev.firedrill.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every query of the dashboard is valid PromQL, as Prometheus's own parser ({@code promtool check
 * rules}, from Debian's {@code prometheus} package, which .ci/run installs) reads it. Outside CI a
 * machine without it skips with how to install it; in CI its absence is a failure.
 */
class DashboardQueriesIT {

  private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

  @Test
  void everyDashboardQueryParsesAsPromQl(@TempDir Path dir) throws Exception {
    if (!Files.isExecutable(PROMTOOL)) {
      String hint = "promtool is not installed: apt-get install prometheus";
      if (System.getenv("CI") != null) {
        throw new IllegalStateException(hint + " (.ci/run installs it)");
      }
      Assumptions.abort(hint);
    }
    List<Dashboard.Query> queries = Dashboard.queries();
    StringBuilder rules = new StringBuilder("groups:\n  - name: firedrill-dashboard\n    rules:\n");
    for (int i = 0; i < queries.size(); i++) {
      rules
          .append("      - record: firedrill_dashboard:query_")
          .append(i)
          .append("\n        expr: ")
          .append(Chart.JSON.writeValueAsString(queries.get(i).promql()))
          .append('\n');
    }
    Path file = dir.resolve("dashboard-rules.yaml");
    Files.writeString(file, rules);

    Process promtool =
        new ProcessBuilder(PROMTOOL.toString(), "check", "rules", file.toString())
            .redirectErrorStream(true)
            .start();
    String output = read(promtool);
    assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).isTrue();

    assertThat(promtool.exitValue()).as(output).isZero();
    assertThat(output).contains("SUCCESS: " + queries.size() + " rules found");
  }

  /** A broken query fails the same check, so the test above can fail. */
  @Test
  void promtoolRefusesABrokenQuery(@TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(PROMTOOL), "promtool is not installed");
    Path file = dir.resolve("broken.yaml");
    Files.writeString(
        file,
        "groups:\n  - name: x\n    rules:\n      - record: x:y\n"
            + "        expr: \"sum by (verdict (firedrill_runs_total)\"\n");

    Process promtool =
        new ProcessBuilder(PROMTOOL.toString(), "check", "rules", file.toString())
            .redirectErrorStream(true)
            .start();
    String output = read(promtool);
    assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).isTrue();

    assertThat(promtool.exitValue()).as(output).isNotZero();
  }

  private static String read(Process process) throws IOException {
    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }
}
