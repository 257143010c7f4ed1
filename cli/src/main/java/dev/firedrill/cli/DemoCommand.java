package dev.firedrill.cli;

import dev.firedrill.check.checker.Anomaly;
import dev.firedrill.check.checker.Validity;
import dev.firedrill.engine.fault.FileLedger;
import dev.firedrill.engine.model.Verdict;
import dev.firedrill.engine.run.Engine;
import dev.firedrill.engine.run.RunRequest;
import dev.firedrill.engine.run.RunResult;
import dev.firedrill.engine.validate.DrillLoader;
import dev.firedrill.engine.validate.LoadResult;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code firedrill demo}: starts the demo shop and runs every demo drill twice, with its seeded bug
 * on (the drill must Fail with the expected anomaly) and off (it must Pass), then prints the table.
 * Exit 0 only when every run gave its expected verdict.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Run the demo shop's drills with each seeded bug on and off, and show what was caught.",
    footerHeading = "%nExamples:%n",
    footer = {"  firedrill demo", "  firedrill demo --only oversell --out /tmp/demo-runs"})
final class DemoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--drills",
      description = "Folder of the demo drills (default: drills/demo of this checkout).")
  Path drills;

  @Option(names = "--out", description = "Where run directories go (default: runs/demo-<time>).")
  Path out;

  @Option(names = "--only", paramLabel = "BUG", description = "Run only the drills of these bugs.")
  List<String> only = new ArrayList<>();

  /** One row of the table. */
  record Row(
      DemoCases.DemoCase demo, boolean bugOn, RunResult result, boolean expected, String found) {}

  @Override
  public Integer call() throws Exception {
    PrintWriter o = spec.commandLine().getOut();
    Path folder = drills != null ? drills : home().resolve("drills").resolve("demo");
    Path runs =
        out != null
            ? out
            : Path.of(
                "runs",
                "demo-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    List<Row> rows = new ArrayList<>();
    long start = System.nanoTime();
    for (DemoCases.DemoCase demo : DemoCases.ALL) {
      if (!only.isEmpty() && !only.contains(demo.bug())) {
        continue;
      }
      LoadResult loaded = new DrillLoader().loadFile(folder.resolve(demo.file()));
      if (!loaded.valid()) {
        loaded.problems().forEach(p -> spec.commandLine().getErr().println(p.format()));
        return Firedrill.CANNOT_RUN;
      }
      for (boolean bugOn : new boolean[] {true, false}) {
        Path runDir =
            runs.resolve(
                demo.file().replaceFirst("\\.ya?ml$", "") + (bugOn ? "-bug-on" : "-bug-off"));
        o.printf(
            "running %-28s bug %-20s %s ...%n", demo.file(), demo.bug(), bugOn ? "on " : "off");
        o.flush();
        RunResult r =
            Engine.run(
                RunRequest.of(loaded.drills().getFirst(), runDir)
                    .withSeed(1L)
                    .withSetups(
                        RunCommand.localSetups(
                            Map.of("FIREDRILL_DEMO_BUGS", bugOn ? demo.bug() : "")))
                    .withLedger(new FileLedger(runDir)));
        rows.add(row(demo, bugOn, r));
      }
    }
    table(o, rows, Duration.ofNanos(System.nanoTime() - start), runs);
    return rows.stream().allMatch(Row::expected) ? Firedrill.PASS : Firedrill.FAIL;
  }

  static Row row(DemoCases.DemoCase demo, boolean bugOn, RunResult r) {
    List<String> kinds =
        r.invariants().stream()
            .flatMap(ir -> ir.result().allAnomalies().stream())
            .filter(a -> a.validity() == Validity.INVALID)
            .map(Anomaly::kind)
            .distinct()
            .toList();
    boolean expected =
        bugOn
            ? r.verdict() == Verdict.FAIL && kinds.contains(demo.anomaly())
            : r.verdict() == Verdict.PASS;
    return new Row(demo, bugOn, r, expected, kinds.isEmpty() ? "-" : String.join(",", kinds));
  }

  private static void table(PrintWriter o, List<Row> rows, Duration took, Path runs) {
    o.println();
    o.printf(
        "%-28s %-20s %-4s %-14s %-13s %-24s %s%n",
        "drill", "bug", "bug", "invariant", "verdict", "anomalies", "expected?");
    for (Row r : rows) {
      o.printf(
          "%-28s %-20s %-4s %-14s %-13s %-24s %s%n",
          r.demo().file().replaceFirst("\\.ya?ml$", ""),
          r.demo().bug(),
          r.bugOn() ? "on" : "off",
          r.demo().invariant(),
          r.result().verdict().name(),
          r.found(),
          r.expected()
              ? "yes"
              : "NO (expected " + (r.bugOn() ? "FAIL with " + r.demo().anomaly() : "PASS") + ")");
    }
    long good = rows.stream().filter(Row::expected).count();
    o.printf(
        "%n%d of %d runs as expected in %d s. HTML reports: %s/*/report.html%n",
        good, rows.size(), took.toSeconds(), runs.toAbsolutePath());
    o.flush();
  }

  /** The checkout: -Dfiredrill.home (set by the launcher), else the working directory. */
  private static Path home() {
    String home = System.getProperty("firedrill.home");
    Path h = home != null ? Path.of(home) : Path.of("");
    return Files.isDirectory(h.resolve("drills")) ? h : Path.of("");
  }
}
