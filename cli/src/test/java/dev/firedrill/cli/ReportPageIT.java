package dev.firedrill.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firedrill.check.checker.NoLostWrites;
import dev.firedrill.check.checker.Result;
import dev.firedrill.check.history.History;
import dev.firedrill.check.history.JsonlHistoryReader;
import dev.firedrill.check.history.JsonlHistoryWriter;
import dev.firedrill.check.history.Op;
import dev.firedrill.check.history.OpType;
import dev.firedrill.engine.model.InvariantSpec;
import dev.firedrill.engine.model.InvariantType;
import dev.firedrill.engine.model.Pause;
import dev.firedrill.engine.model.Verdict;
import dev.firedrill.engine.plan.Plan;
import dev.firedrill.engine.plan.PlannedFault;
import dev.firedrill.engine.report.Reports;
import dev.firedrill.engine.report.SafeText;
import dev.firedrill.engine.run.NemesisEvent;
import dev.firedrill.engine.run.RunResult;
import dev.firedrill.engine.workload.OpenLoop;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report page of a failed run, loaded in a real headless Chromium: it renders without script
 * errors, shows every anomaly of results.json with its trace ids, and shows the hostile strings a
 * system under test may send as text, never as markup. The run is built here from a recorded
 * history with lost writes (checked by the real {@link NoLostWrites}), keys and values that carry
 * {@code <script>}, {@code <img onerror>} and terminal control characters, and a fault window.
 * Leaves a screenshot in {@code cli/target/report-page/report.png}.
 */
class ReportPageIT {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final String SCRIPT = "<script>alert(1)</script>";
  private static final String IMG = "<img src=x onerror=alert(2)>";

  /** Clears the screen and moves the cursor home in a terminal; NUL and CR break XML. */
  private static final String CONTROLS = "\u001b[2J\u001b[H\0\r";

  private static final String KEY = "cart\"><b>" + SCRIPT + CONTROLS;
  private static final Duration BROWSER_TIMEOUT = Duration.ofSeconds(90);

  @BeforeAll
  static void needChromium() {
    if (Files.isExecutable(CHROMIUM)) {
      return;
    }
    String how =
        "this test needs Chromium at "
            + CHROMIUM
            + "; install it with: apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install"
            + " -y --no-install-recommends chromium";
    if (System.getenv("CI") != null) {
      fail(how);
    }
    assumeTrue(false, how);
  }

  @Test
  void reportOfAFailedRunRendersEveryAnomalyAndEscapesHostileStrings(@TempDir Path runDir)
      throws Exception {
    RunResult run = failedRun(runDir);
    assertThat(run.invariants().getFirst().result().allAnomalies()).isNotEmpty();
    Path report = runDir.resolve("report.html");
    assertThat(report).exists();

    Browser dom = chromium(runDir, "--dump-dom", report.toUri().toString());
    assertThat(dom.exit).as("chromium --dump-dom exit; stderr:%n%s", dom.stderr).isZero();
    String html = dom.stdout;
    assertThat(html).contains("</svg>").contains("Invariants");

    // No script ran or failed: the page has none, and hostile strings stayed text.
    assertThat(consoleLines(dom.stderr)).as("console messages").isEmpty();
    assertThat(html.toLowerCase()).doesNotContain("<script").doesNotContain("<img");
    assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    assertThat(html).contains("&lt;img src=x onerror=alert(2)&gt;");
    // Control characters show as escapes, never as themselves.
    assertThat(html)
        .contains("\\x1b[2J\\x1b[H\\0\\r")
        .doesNotContain("\u001b")
        .doesNotContain("\0");

    // Every anomaly of results.json is on the page, with its ops' trace ids.
    JsonNode results = new ObjectMapper().readTree(runDir.resolve("results.json").toFile());
    assertThat(results.path("verdict").asText()).isEqualTo("Fail");
    int anomalies = 0;
    for (JsonNode inv : results.path("invariants")) {
      assertThat(html).contains(inv.path("invariant").asText());
      for (JsonNode a : inv.path("anomalies")) {
        anomalies++;
        assertThat(html).contains(a.path("kind").asText());
        assertThat(html).contains(escaped(a.path("explanation").asText()));
        for (JsonNode op : a.path("ops")) {
          if (!op.path("traceId").isNull()) {
            assertThat(html).contains(op.path("traceId").asText());
          }
        }
      }
    }
    assertThat(anomalies).isEqualTo(run.invariants().getFirst().result().allAnomalies().size());

    Path shots = Path.of("target", "report-page");
    Files.createDirectories(shots);
    Path png = shots.resolve("report.png").toAbsolutePath();
    Files.deleteIfExists(png);
    Browser shot =
        chromium(
            runDir,
            "--screenshot=" + png,
            "--window-size=1200,1600",
            "--hide-scrollbars",
            report.toUri().toString());
    assertThat(shot.exit).as("chromium --screenshot; stderr:%n%s", shot.stderr).isZero();
    byte[] bytes = Files.readAllBytes(png);
    assertThat(bytes.length).isGreaterThan(10_000);
    assertThat(new String(bytes, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
  }

  /** A set run whose last read lost two acknowledged adds, with a fault in between. */
  private static RunResult failedRun(Path runDir) throws IOException {
    Path historyFile = runDir.resolve("history.jsonl");
    PlannedFault fault =
        new PlannedFault(
            "pause-" + IMG,
            0,
            Duration.ofMillis(400),
            Duration.ofMillis(900),
            new Pause(List.of("store")),
            List.of("store"),
            1);
    List<Op> ops = new ArrayList<>();
    long ms = 1_000_000;
    List<String> acknowledged = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      int p = i; // one process per op: adds overlap during the fault
      String value = i == 5 ? SCRIPT : i == 9 ? IMG : "e" + i;
      long t = i * 50 * ms;
      String trace = String.format("%032x", 0xabc000L + i);
      ops.add(op(t, p, OpType.INVOKE, "add", KEY, value, trace, null));
      boolean duringFault = t >= 400 * ms && t < 900 * ms;
      OpType outcome = duringFault && i % 2 == 0 ? OpType.INFO : OpType.OK;
      ops.add(
          op(
              t + (duringFault ? 300 : 3) * ms,
              p,
              outcome,
              "add",
              KEY,
              value,
              trace,
              outcome == OpType.INFO ? "timeout after 300ms " + SCRIPT : null));
      if (outcome == OpType.OK) {
        acknowledged.add(value);
      }
    }
    ops.add(nemesis(400 * ms, "inject", fault));
    ops.add(nemesis(902 * ms, "heal", fault));
    List<Object> read = new ArrayList<>(acknowledged);
    read.remove(SCRIPT); // the store lost these two acknowledged adds
    read.remove("e11");
    String readTrace = String.format("%032x", 0xdef001L);
    ops.add(op(1300 * ms, 9, OpType.INVOKE, "read", KEY, null, readTrace, null));
    ops.add(op(1304 * ms, 9, OpType.OK, "read", KEY, read, readTrace, null));
    ops.sort(java.util.Comparator.comparingLong(Op::time));
    JsonlHistoryWriter.writeAll(historyFile, ops);

    History history = JsonlHistoryReader.read(historyFile);
    Result result = new NoLostWrites().check(history);
    InvariantSpec spec =
        new InvariantSpec(InvariantType.NO_LOST_WRITES, null, null, null, null, null, null, null);
    List<NemesisEvent> events =
        List.of(
            new NemesisEvent(
                new Plan.Step(fault.start(), Plan.Step.Kind.INJECT, fault),
                fault.start(),
                Duration.ofMillis(400),
                "paused " + IMG,
                null),
            new NemesisEvent(
                new Plan.Step(fault.end(), Plan.Step.Kind.HEAL, fault),
                fault.end(),
                Duration.ofMillis(902),
                "healed",
                null));
    RunResult run =
        new RunResult(
            "hostile-" + SCRIPT,
            42,
            "r42",
            Verdict.FAIL,
            null,
            List.of(new RunResult.InvariantResult(spec, result)),
            new OpenLoop.Stats(25, 1, 20, 0, 5),
            events,
            List.of(),
            Duration.ofMillis(1400),
            runDir);
    Reports.writeAll(run, history);
    return run;
  }

  private static Op op(
      long time,
      int process,
      OpType type,
      String f,
      String key,
      Object value,
      String trace,
      String error) {
    return new Op(0, time, process, type, f, key, value, null, trace, error);
  }

  private static Op nemesis(long time, String f, PlannedFault fault) {
    return new Op(
        0,
        time,
        Op.NEMESIS,
        OpType.INFO,
        f,
        fault.id(),
        Map.of("fault", fault.name(), "targets", fault.targets()),
        null,
        null,
        null);
  }

  private static String escaped(String text) {
    return SafeText.text(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** Console messages Chromium logged: any would mean a script ran or the page misbehaved. */
  private static List<String> consoleLines(String stderr) {
    return stderr.lines().filter(l -> l.contains(":CONSOLE")).toList();
  }

  private record Browser(int exit, String stdout, String stderr) {}

  private static Browser chromium(Path work, String... args) throws Exception {
    Path profile = Files.createTempDirectory(work, "chromium-profile");
    List<String> command =
        new ArrayList<>(
            List.of(
                CHROMIUM.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--enable-logging=stderr",
                "--v=0",
                "--user-data-dir=" + profile));
    command.addAll(List.of(args));
    Path out = work.resolve("chromium-" + System.nanoTime() + ".out");
    Path err = work.resolve("chromium-" + System.nanoTime() + ".err");
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .start();
    if (!p.waitFor(BROWSER_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      fail("chromium did not finish within " + BROWSER_TIMEOUT + ": " + Files.readString(err));
    }
    return new Browser(p.exitValue(), Files.readString(out), Files.readString(err));
  }
}
