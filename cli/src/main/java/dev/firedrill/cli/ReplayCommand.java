package dev.firedrill.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firedrill.check.history.History;
import dev.firedrill.check.history.JsonlHistoryReader;
import dev.firedrill.check.history.Op;
import dev.firedrill.check.history.OpType;
import dev.firedrill.engine.fault.FileLedger;
import dev.firedrill.engine.run.Engine;
import dev.firedrill.engine.run.RunRequest;
import dev.firedrill.engine.run.RunResult;
import dev.firedrill.engine.validate.DrillLoader;
import dev.firedrill.engine.validate.LoadResult;
import dev.firedrill.engine.validate.LoadedDrill;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code firedrill replay RUN_DIR}: runs a recorded run again against the system as it is now, to
 * reproduce a failure or confirm its fix. The drill is the run's own copy ({@code drill.yaml}), the
 * seed and the run id are the recorded ones ({@code results.json}): the plan is pure in the seed,
 * so the fault plan is the same, and the workload's generators are seeded the same way, so each
 * client issues the same operations (same values, keys, idempotency keys) in the same order at the
 * same rate. The new history is recorded into its own run directory and checked; the command prints
 * the recorded and the new verdict, and how many operations of each kind each run invoked.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description =
        "Run a recorded run again (same drill, seed, run id: same operations and fault plan)"
            + " against the system as it is now, and check the new history.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  firedrill replay runs/phantom-writes-20261201-143000-000 --base-dir drills/demo",
      "  firedrill replay RUN_DIR --base-dir drills/demo --env FIREDRILL_DEMO_BUGS=",
      "",
      "Exit: 0 pass, 1 an invariant failed or aborted, 2 could not run, 3 inconclusive."
    })
final class ReplayCommand implements Callable<Integer> {

  // Not a static field of this class: picocli instantiates every subcommand when it builds the
  // command line, and an ObjectMapper made there cost every `firedrill` start (lint included) a
  // tenth of its time (docs/benchmarks.md, Start time of the CLI).
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "RUN_DIR", description = "The recorded run's directory.")
  Path recorded;

  @Option(
      names = "--base-dir",
      paramLabel = "DIR",
      description =
          "Where the drill's relative paths (commands, working dirs) resolve: the folder of the"
              + " drill file it was run from. Default: the current directory.")
  Path baseDir;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "The new run's directory (default: RUN_DIR-replay-<time> beside it).")
  Path out;

  @Option(
      names = "--env",
      paramLabel = "KEY=VALUE",
      description = "Extra environment for the drill's local processes.")
  Map<String, String> env = new LinkedHashMap<>();

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    Path drillFile = recorded.resolve("drill.yaml");
    Path resultsFile = recorded.resolve("results.json");
    if (!Files.isRegularFile(drillFile) || !Files.isRegularFile(resultsFile)) {
      err.println(
          recorded
              + ": not a finished run directory, it has no "
              + (Files.isRegularFile(drillFile) ? "results.json" : "drill.yaml")
              + " (fix: name a folder firedrill run wrote, after the run ended)");
      return Firedrill.CANNOT_RUN;
    }
    JsonNode results;
    try {
      results = Json.MAPPER.readTree(resultsFile.toFile());
    } catch (IOException e) {
      err.println(resultsFile + ": not JSON: " + e.getMessage() + " (fix: restore the file)");
      return Firedrill.CANNOT_RUN;
    }
    if (!results.path("seed").canConvertToLong() || !results.path("runId").isTextual()) {
      err.println(
          resultsFile + ": seed or runId missing (fix: restore the file firedrill run wrote)");
      return Firedrill.CANNOT_RUN;
    }
    LoadResult loaded = new DrillLoader().loadFile(drillFile);
    if (!loaded.valid()) {
      loaded.problems().forEach(p -> err.println(p.format()));
      return Firedrill.CANNOT_RUN;
    }
    LoadedDrill copy = loaded.drills().getFirst();
    Path base = (baseDir != null ? baseDir : Path.of("")).toAbsolutePath();
    LoadedDrill drill = new LoadedDrill(copy.name(), copy.source(), base, copy.text(), copy.spec());
    Path runDir =
        out != null
            ? out
            : recorded.resolveSibling(
                recorded.getFileName()
                    + "-replay-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("HHmmss-SSS")));
    PrintStream progress = System.out;
    progress.println(
        "firedrill: replaying "
            + recorded
            + " (seed "
            + results.path("seed").asLong()
            + ", run id "
            + results.path("runId").asText()
            + ") into "
            + runDir);
    RunResult result =
        Engine.run(
            RunRequest.of(drill, runDir)
                .withSeed(results.path("seed").asLong())
                .withRunId(results.path("runId").asText())
                .withSetups(RunCommand.localSetups(env))
                .withLedger(new FileLedger(runDir))
                .withListener(new RunCommand.ConsoleListener(progress)));
    RunCommand.summary(result, progress);
    PrintWriter o = spec.commandLine().getOut();
    String before = results.path("verdict").asText();
    String now = dev.firedrill.engine.report.Reports.verdictName(result.verdict());
    o.println(
        "replay: recorded "
            + before
            + ", now "
            + now
            + (before.equals(now) ? " (reproduced)" : " (differs)"));
    o.println("  operations recorded: " + invoked(recorded.resolve("history.jsonl")));
    o.println("  operations replayed: " + invoked(runDir.resolve("history.jsonl")));
    o.flush();
    return RunCommand.exitCode(List.of(result.verdict()));
  }

  /** How many client operations of each kind a history invoked, e.g. {@code {add=80, read=13}}. */
  static Map<String, Long> invoked(Path history) throws IOException {
    Map<String, Long> counts = new TreeMap<>();
    if (!Files.isRegularFile(history)) {
      return counts;
    }
    History h = JsonlHistoryReader.read(history);
    for (Op op : h.ops()) {
      if (op.type() == OpType.INVOKE && !"nemesis".equals(op.processName())) {
        counts.merge(op.f(), 1L, Long::sum);
      }
    }
    return counts;
  }
}
