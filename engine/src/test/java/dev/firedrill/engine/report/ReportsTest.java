package dev.firedrill.engine.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firedrill.check.checker.Anomaly;
import dev.firedrill.check.checker.Result;
import dev.firedrill.check.checker.Validity;
import dev.firedrill.check.history.History;
import dev.firedrill.check.history.Op;
import dev.firedrill.check.history.OpType;
import dev.firedrill.engine.model.InvariantSpec;
import dev.firedrill.engine.model.InvariantType;
import dev.firedrill.engine.model.Verdict;
import dev.firedrill.engine.run.RunResult;
import dev.firedrill.engine.workload.OpenLoop;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * Every report of one run, written by {@link Reports#writeAll}: what each shows (the description,
 * the evidence each checker had, anomaly operations with both their times, in invocation order),
 * and that nothing a system under test sends can forge or break one.
 */
class ReportsTest {

  /** Clears the screen, homes the cursor, prints a fake verdict over the real line. */
  private static final String FORGED = "\u001b[2J\u001b[H\rdrill: PASS\0\u009b31m\u202eLIAF";

  private static final long MS = 1_000_000;

  @TempDir Path dir;

  /**
   * A register history: p0 writes 1 (0–5 ms), p1 writes 2 (10–20 ms), p2 reads 1 (30–40 ms) while
   * p3's read (25 ms) never completes; the anomaly cites the stale read first, then the writes.
   */
  private History history(String hostile) {
    List<Op> ops = new ArrayList<>();
    ops.add(op(0, 0, OpType.INVOKE, "write", 1, null));
    ops.add(op(5, 0, OpType.OK, "write", 1, null));
    ops.add(op(10, 1, OpType.INVOKE, "write", 2, null));
    ops.add(op(20, 1, OpType.OK, "write", 2, null));
    ops.add(op(25, 3, OpType.INVOKE, "read", null, null));
    ops.add(op(30, 2, OpType.INVOKE, "read", null, null));
    ops.add(op(40, 2, OpType.OK, "read", 1, hostile));
    List<Op> indexed = new ArrayList<>();
    for (int i = 0; i < ops.size(); i++) {
      indexed.add(ops.get(i).withIndex(i));
    }
    return History.of(indexed);
  }

  private static Op op(long ms, int process, OpType type, String f, Object value, String error) {
    return new Op(0, ms * MS, process, type, f, "r", value, null, "trace-" + process, error);
  }

  private RunResult run(Verdict verdict, String message, String hostile, History h) {
    List<Op> ops = h.ops();
    Anomaly stale =
        Anomaly.invalid(
            "stale-read",
            "r" + hostile,
            "op 6 read 1 after op 3 wrote 2 " + hostile,
            List.of(ops.get(6), ops.get(3), ops.get(0), ops.get(4)));
    Result r =
        new Result(
            "linearizable",
            Validity.INVALID,
            List.of(stale),
            Map.of("checked", 3L, "keys", 1, "note", hostile),
            List.of());
    Result valid =
        new Result("no-lost-writes", Validity.VALID, List.of(), Map.of("checked", 2L), List.of());
    return new RunResult(
        "etcd",
        7,
        "r1",
        verdict,
        message,
        List.of(
            new RunResult.InvariantResult(spec(InvariantType.LINEARIZABLE), r),
            new RunResult.InvariantResult(spec(InvariantType.NO_LOST_WRITES), valid)),
        new OpenLoop.Stats(4, 0, 3, 0, 1),
        List.of(),
        List.of(),
        Duration.ofSeconds(3),
        dir,
        "Kills the leader " + hostile + "\nand reads.");
  }

  private static InvariantSpec spec(InvariantType type) {
    return new InvariantSpec(type, null, null, null, null, null, null, null);
  }

  @Test
  void resultsJsonShowsDescriptionEvidenceAndBothTimesOfEachAnomalyOpInInvocationOrder()
      throws Exception {
    History h = history("");
    Reports.writeAll(run(Verdict.FAIL, null, "", h), h);
    JsonNode json = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
    assertThat(json.path("description").asText()).isEqualTo("Kills the leader \nand reads.");
    JsonNode inv = json.path("invariants").get(0);
    assertThat(inv.path("decided").asBoolean()).isTrue();
    assertThat(inv.path("stats").path("checked").asLong()).isEqualTo(3);
    JsonNode ops = inv.path("anomalies").get(0).path("ops");
    assertThat(ops.findValuesAsText("index")).containsExactly("0", "3", "4", "6");
    assertThat(ops.get(0).path("invokedMs").asDouble()).isEqualTo(0.0);
    assertThat(ops.get(0).path("completedMs").asDouble()).isEqualTo(5.0);
    assertThat(ops.get(1).path("invokedMs").asDouble()).isEqualTo(10.0);
    assertThat(ops.get(1).path("completedMs").asDouble()).isEqualTo(20.0);
    assertThat(ops.get(2).path("completedMs").isNull()).isTrue();
    assertThat(ops.get(3).path("invokedMs").asDouble()).isEqualTo(30.0);
    assertThat(ops.get(3).path("completedMs").asDouble()).isEqualTo(40.0);
  }

  @Test
  void theMemberEachOpWentToIsShownWhenTheWorkloadSpreadsOverSeveral() throws Exception {
    List<Op> ops = new ArrayList<>(history("").ops());
    for (int i : new int[] {5, 6}) {
      Op o = ops.get(i);
      ops.set(
          i,
          new Op(
              o.index(),
              o.time(),
              o.process(),
              o.type(),
              o.f(),
              o.key(),
              o.value(),
              o.idempotencyKey(),
              o.traceId(),
              o.error(),
              "http://127.0.0.1:22379"));
    }
    History h = History.of(ops);
    Reports.writeAll(run(Verdict.FAIL, null, "", h), h);
    JsonNode json = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
    JsonNode shown = json.path("invariants").get(0).path("anomalies").get(0).path("ops");
    assertThat(shown.get(3).path("endpoint").asText()).isEqualTo("http://127.0.0.1:22379");
    assertThat(shown.get(0).has("endpoint")).as("an op with no endpoint names none").isFalse();
    String html = Files.readString(dir.resolve("report.html"));
    assertThat(html)
        .contains("<th>trace id</th><th>endpoint</th></tr>")
        .contains("<code>trace-2</code></td><td>http://127.0.0.1:22379</td></tr>");
  }

  @Test
  void aRunOnOneBaseUrlShowsNoEndpointColumn() throws Exception {
    History h = history("");
    Reports.writeAll(run(Verdict.FAIL, null, "", h), h);
    assertThat(Files.readString(dir.resolve("report.html"))).doesNotContain("<th>endpoint</th>");
  }

  @Test
  void junitXmlListsAFailuresOpsInInvocationOrderWithBothTimes() throws Exception {
    History h = history("");
    Reports.writeAll(run(Verdict.FAIL, null, "", h), h);
    Document d =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(dir.resolve("junit.xml").toFile());
    assertThat(d.getElementsByTagName("failure").item(0).getTextContent().lines().skip(1))
        .containsExactly(
            "  op 0 p0 invoke write 1 trace trace-0, invoked 0.0 ms, completed 5.0 ms",
            "  op 3 p1 ok write 2 trace trace-1, invoked 10.0 ms, completed 20.0 ms",
            "  op 4 p3 invoke read null trace trace-3, invoked 25.0 ms, never completed",
            "  op 6 p2 ok read 1 trace trace-2, invoked 30.0 ms, completed 40.0 ms");
  }

  @Test
  void anErrorRunsValidInvariantIsNotDecidedInEveryReport() throws Exception {
    History h = history("");
    Reports.writeAll(run(Verdict.ERROR, "nothing was tested", "", h), h);
    JsonNode json = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
    assertThat(json.path("invariants").get(0).path("decided").asBoolean()).isTrue();
    assertThat(json.path("invariants").get(1).path("decided").asBoolean()).isFalse();
    String html = Files.readString(dir.resolve("report.html"));
    assertThat(html).contains("noLostWrites: not decided").doesNotContain("noLostWrites: valid");
  }

  @Test
  void reportHtmlShowsDescriptionEvidenceAndOpTimesSorted() throws Exception {
    History h = history("");
    Reports.writeAll(run(Verdict.FAIL, null, "", h), h);
    String html = Files.readString(dir.resolve("report.html"));
    assertThat(html).contains("<p class=\"description\">Kills the leader \nand reads.</p>");
    assertThat(html).contains("<th>evidence</th>").contains("<td>3 checked, ").contains("keys=1");
    assertThat(html).contains("<td>2 checked</td>");
    int write1 =
        html.indexOf("<tr><td>0</td><td class=\"t\">0.0 ms</td><td class=\"t\">5.0 ms</td>");
    int write2 =
        html.indexOf("<tr><td>3</td><td class=\"t\">10.0 ms</td><td class=\"t\">20.0 ms</td>");
    int unfinished =
        html.indexOf("<tr><td>4</td><td class=\"t\">25.0 ms</td><td class=\"t\">never</td>");
    int read =
        html.indexOf("<tr><td>6</td><td class=\"t\">30.0 ms</td><td class=\"t\">40.0 ms</td>");
    assertThat(List.of(write1, write2, unfinished, read)).doesNotContain(-1).isSorted();
  }

  @Test
  void controlCharactersFromTheSystemNeitherBreakNorForgeAnyReport() throws Exception {
    History h = history(FORGED);
    RunResult run = run(Verdict.ERROR, "service said " + FORGED, FORGED, h);
    Reports.writeAll(run, h);

    // junit.xml is well-formed and shows the escapes as text.
    Path junit = dir.resolve("junit.xml");
    Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
    String error =
        d.getElementsByTagName("error")
            .item(0)
            .getAttributes()
            .getNamedItem("message")
            .getNodeValue();
    assertThat(error)
        .isEqualTo("Error: service said \\x1b[2J\\x1b[H\\rdrill: PASS\\0\\x9b31m\\u202eLIAF");
    assertThat(d.getElementsByTagName("failure").item(0).getTextContent())
        .contains("\\x1b[2J\\x1b[H\\rdrill: PASS\\0");
    assertNoControls("junit.xml", Files.readString(junit, StandardCharsets.UTF_8));

    // results.json: no raw control in the bytes, and the values read back exactly as sent.
    Path results = dir.resolve("results.json");
    String raw = Files.readString(results, StandardCharsets.UTF_8);
    assertNoControls("results.json", raw);
    assertThat(raw).contains("\\u001B[2J").contains("\\u009B31m").contains("\\u202ELIAF");
    JsonNode json = new ObjectMapper().readTree(raw);
    assertThat(json.path("message").asText()).isEqualTo("service said " + FORGED);
    assertThat(json.path("invariants").get(0).path("anomalies").get(0).path("key").asText())
        .isEqualTo("r" + FORGED);

    // report.html: shown as escapes, never as controls or markup.
    String html = Files.readString(dir.resolve("report.html"), StandardCharsets.UTF_8);
    assertNoControls("report.html", html);
    assertThat(html).contains("service said \\x1b[2J\\x1b[H\\rdrill: PASS\\0\\x9b31m\\u202eLIAF");
  }

  @Test
  void htmlEscapesMarkupAndControls() {
    assertThat(HtmlReport.esc("<script>alert('x')</script>&\"\u001b"))
        .isEqualTo("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;\\x1b");
  }

  /** Only newline (and the indentation's spaces) among the controls; no C1, no bidi override. */
  private static void assertNoControls(String file, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean control = (c < 0x20 && c != '\n') || (c >= 0x7f && c <= 0x9f) || c == 0x202e;
      assertThat(control)
          .as("%s has U+%04X at %d: %s", file, (int) c, i, text.substring(Math.max(0, i - 30), i))
          .isFalse();
    }
  }
}
