package dev.firedrill.engine.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.check.checker.Anomaly;
import dev.firedrill.engine.fault.local.LocalProcessSetup;
import dev.firedrill.engine.fault.local.TestingHealthServer;
import dev.firedrill.engine.model.Verdict;
import dev.firedrill.engine.run.Engine;
import dev.firedrill.engine.run.RunRequest;
import dev.firedrill.engine.run.RunResult;
import dev.firedrill.engine.validate.DrillLoader;
import dev.firedrill.engine.validate.LoadResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The 3 AM playbook in report.html, on a real run of two real processes: a front that acknowledges
 * every write and logs it in plain text, and a back that drops every third one and logs in JSON.
 * Each lost write's anomaly shows the log lines of both services that carry its trace id, with
 * their times, and every trace id on the page links into the tracing backend.
 */
class LogCorrelationIT {

  private static final String JAEGER = "http://jaeger.example:16686/trace/{{traceId}}";

  @TempDir Path dir;

  @Test
  void aLostWriteShowsTheLogLinesOfBothServicesAndItsTraceIdIsALink() throws Exception {
    int front = TestingHealthServer.freePort();
    int back = TestingHealthServer.freePort();
    String classes = TestingHealthServer.classpath();
    String main = TestingTracedService.class.getName();
    Path file = dir.resolve("drill.yaml");
    Files.writeString(
        file,
        """
        description: writes acknowledged by the front, dropped by the back
        target:
          processes:
            - name: back
              command: ["${java}", -cp, "%1$s", %2$s, back, "%4$d"]
              health: http://127.0.0.1:%4$d/health
            - name: front
              command: ["${java}", -cp, "%1$s", %2$s, front, "%3$d", "http://127.0.0.1:%4$d"]
              health: http://127.0.0.1:%3$d/health
        workload:
          type: set
          baseUrl: http://127.0.0.1:%3$d
          rate: 10
          duration: 2s
          operations:
            add: {method: POST, path: /set, json: '{{value}}'}
            read: {baseUrl: "http://127.0.0.1:%4$d", path: /set, extract: /ids}
        invariants: [{type: noLostWrites}]
        recovery: 200ms
        report:
          traceUrl: %5$s
          logContext: 1
        """
            .formatted(classes, main, front, back, JAEGER));
    LoadResult loaded = new DrillLoader().loadFile(file);
    assertThat(loaded.problems()).isEmpty();

    RunResult run =
        Engine.run(
            RunRequest.of(loaded.drills().getFirst(), dir.resolve("run"))
                .withSeed(2L)
                .withSetups(List.of(new LocalProcessSetup(Map.of()))));

    assertThat(run.verdict()).as(run.message()).isEqualTo(Verdict.FAIL);
    Anomaly lost =
        run.invariants().getFirst().result().allAnomalies().stream()
            .filter(a -> a.kind().equals("lost"))
            .findFirst()
            .orElseThrow();
    String trace = LogSection.traceIds(lost).getFirst();
    String element = String.valueOf(lost.details().get("element"));
    String html = Files.readString(dir.resolve("run/report.html"));
    String logs = html.substring(html.indexOf("<h2 id=\"logs\">"));
    String link =
        "<a class=\"trace\" href=\"http://jaeger.example:16686/trace/"
            + trace
            + "\">"
            + trace
            + "</a>";

    assertThat(rows(logs, "front"))
        .anySatisfy(r -> assertThat(r).contains("front accepted " + element).contains(link));
    assertThat(rows(logs, "back"))
        .anySatisfy(r ->
            assertThat(r)
                .contains("&quot;msg&quot;: &quot;dropped " + element)
                .contains("&quot;traceId&quot;: &quot;" + link));
    assertThat(rows(logs, "front"))
        .allSatisfy(r ->
            assertThat(r).containsPattern("<td class=\"time\">\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}"));
    assertThat(html.substring(0, html.indexOf("</title>"))).doesNotContain("<a ");
    assertThat(html).contains("<tr class=\"context\">");
    assertThat(countOf(html, "<code>" + trace + "</code>"))
        .as("no bare trace id left where it could be a link")
        .isZero();
  }

  /** The rows of the log tables for one service. */
  private static List<String> rows(String html, String service) {
    Matcher m =
        Pattern.compile("<tr(?: class=\"context\")?><td>" + service + "</td>.*?</tr>")
            .matcher(html);
    return m.results().map(r -> r.group()).toList();
  }

  private static int countOf(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
