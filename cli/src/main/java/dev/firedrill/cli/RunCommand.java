package dev.firedrill.cli;

import dev.firedrill.check.checker.Anomaly;
import dev.firedrill.engine.fault.FileLedger;
import dev.firedrill.engine.fault.local.LocalProcessSetup;
import dev.firedrill.engine.fault.skew.ClockSkewSetup;
import dev.firedrill.engine.fault.toxiproxy.ToxiproxySetup;
import dev.firedrill.engine.model.DurationText;
import dev.firedrill.engine.model.Verdict;
import dev.firedrill.engine.report.Reports;
import dev.firedrill.engine.report.SafeText;
import dev.firedrill.engine.run.Engine;
import dev.firedrill.engine.run.RunHandle;
import dev.firedrill.engine.run.RunListener;
import dev.firedrill.engine.run.RunRequest;
import dev.firedrill.engine.run.RunResult;
import dev.firedrill.engine.run.Setup;
import dev.firedrill.engine.validate.DrillLoader;
import dev.firedrill.engine.validate.LoadResult;
import dev.firedrill.engine.validate.LoadedDrill;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code firedrill run}: runs drills on this machine and gives each a verdict. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description =
        "Run drills locally: drive the workload, inject faults, check invariants, write reports.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  firedrill run drills/demo/inventory-oversell.yaml",
      "  firedrill run my-drill.yaml --seed 42 --out runs/",
      "  firedrill run my-drill.yaml --env FIREDRILL_DEMO_BUGS=oversell",
      "",
      "Each run writes drill.yaml, history.jsonl, results.json, junit.xml and report.html into",
      "its run directory. Ctrl-C or SIGTERM stops the run at once, heals every fault, writes the",
      "reports and exits 1. A run first heals what a dead runner left under --out.",
      "Exit: 0 pass, 1 an invariant failed or aborted, 2 could not run, 3 inconclusive."
    })
final class RunCommand implements Callable<Integer> {

  @Parameters(arity = "0..*", paramLabel = "FILE", description = "Drill files.")
  List<Path> files = new ArrayList<>();

  @Option(
      names = "--in-cluster",
      description =
          "Run as a DrillRun's runner (what the operator's Job does): read the run named by"
              + " --drill-run from the current Kubernetes context and report into its status.")
  boolean inCluster;

  @Option(
      names = "--cluster",
      description =
          "Run the drills in the current kube context: apply each Drill, start a DrillRun (trigger"
              + " CI) and, with --wait, follow it and exit with its verdict.")
  boolean cluster;

  @Option(
      names = "--wait",
      description = "With --cluster: wait for the verdict, download the report, exit with it.")
  boolean waitForVerdict;

  @Option(
      names = "--timeout",
      defaultValue = "30m",
      description =
          "With --cluster --wait: give up (and delete the run, which heals it) after this long."
              + " Default ${DEFAULT-VALUE}.")
  String timeout;

  @Option(
      names = {"-n", "--namespace"},
      description =
          "With --cluster: the namespace (default: the drill's metadata.namespace, else the context's).")
  String namespace;

  @Option(
      names = "--junit",
      paramLabel = "FILE",
      description =
          "Also write the JUnit XML here (a fixed path for CI); several drills become one file.")
  Path junit;

  @Option(
      names = "--report-dir",
      paramLabel = "DIR",
      description =
          "Write the run's files here instead of a new folder under --out (one drill only).")
  Path reportDir;

  @Option(
      names = "--drill-run",
      paramLabel = "NAMESPACE/NAME",
      description = "The DrillRun to run, with --in-cluster.")
  String drillRun;

  @Option(names = "--seed", description = "Seed of the plan (default: the drill's, else random).")
  Long seed;

  @Option(
      names = "--out",
      defaultValue = "runs",
      description = "Where run directories go (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--proxy-port",
      paramLabel = "PORT",
      description =
          "API port of the embedded proxy, for a Toxiproxy client of your own (default: a free"
              + " one). Ignored when the drill names toxiproxy.url.")
  int proxyPort;

  @Option(
      names = "--env",
      paramLabel = "KEY=VALUE",
      description = "Extra environment for the drill's local processes.")
  Map<String, String> env = new LinkedHashMap<>();

  @Override
  public Integer call() throws Exception {
    if (inCluster || drillRun != null) {
      return InClusterRun.run(inCluster, drillRun, files, out, System.out);
    }
    if (proxyPort < 0 || proxyPort > 65535) {
      System.err.println(
          "firedrill run: --proxy-port "
              + proxyPort
              + " is not a TCP port (fix: a number from 1 to 65535, or 0 for a free one)");
      return Firedrill.CANNOT_RUN;
    }
    if (files.isEmpty()) {
      System.err.println(
          "firedrill run: no drill file given (fix: firedrill run my-drill.yaml, or --in-cluster"
              + " --drill-run NAMESPACE/NAME in a runner Job)");
      return Firedrill.CANNOT_RUN;
    }
    LoadResult loaded = new DrillLoader().load(files);
    if (!loaded.valid()) {
      loaded.problems().forEach(p -> System.err.println(p.format()));
      System.err.println(loaded.problems().size() + " problem(s): nothing was run");
      return Firedrill.CANNOT_RUN;
    }
    if (reportDir != null && loaded.drills().size() > 1) {
      System.err.println(
          "firedrill run: --report-dir takes one drill, and "
              + loaded.drills().size()
              + " were given (fix: run them one by one, or use --out)");
      return Firedrill.CANNOT_RUN;
    }
    if (cluster) {
      Duration limit;
      try {
        limit = DurationText.parse(timeout);
      } catch (IllegalArgumentException e) {
        System.err.println(
            "firedrill run: --timeout '"
                + timeout
                + "' is not a duration (fix: e.g. --timeout 20m)");
        return Firedrill.CANNOT_RUN;
      }
      return new ClusterGate(
              System.out,
              new ClusterGate.Options(waitForVerdict, junit, reportDir, limit, namespace))
          .run(loaded.drills());
    }
    String dirProblem =
        reportDir != null
            ? RunDirOption.problem("--report-dir", reportDir)
            : RunDirOption.problem("--out", out);
    if (dirProblem != null) {
      System.err.println(dirProblem);
      return Firedrill.CANNOT_RUN;
    }
    List<RunResult> results = new ArrayList<>();
    for (LoadedDrill drill : loaded.drills()) {
      RunResult r = runOne(drill, System.out);
      results.add(r);
      if (stoppedBy != null) {
        System.out.println("firedrill: " + stoppedBy + ", the remaining drills are not run");
        break;
      }
    }
    if (junit != null) {
      ClusterGate.JunitFiles.combine(
          results.stream().map(r -> r.runDir().resolve("junit.xml")).toList(), junit);
    }
    return exitCode(results.stream().map(RunResult::verdict).toList());
  }

  /** The signal that stopped a run of this command, or null. */
  private volatile String stoppedBy;

  RunResult runOne(LoadedDrill drill, PrintStream progress) throws Exception {
    Leftovers.healAbandoned(out, progress)
        .forEach(p -> progress.println("firedrill: could not heal " + p));
    if (reportDir != null && reportDir.getParent() != null) {
      Leftovers.healAbandoned(reportDir.getParent(), progress)
          .forEach(p -> progress.println("firedrill: could not heal " + p));
    }
    Path runDir =
        reportDir != null
            ? reportDir
            : out.resolve(
                drill.name()
                    + "-"
                    + LocalDateTime.now()
                        .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")));
    RunHandle handle =
        Engine.start(
            RunRequest.of(drill, runDir)
                .withSeed(seed)
                .withSetups(localSetups(env, proxyPort))
                .withLedger(new FileLedger(runDir))
                .withListener(new ConsoleListener(progress)));
    progress.println(
        "firedrill: running " + drill.name() + " (seed " + handle.seed() + ") into " + runDir);
    CountDownLatch done = new CountDownLatch(1);
    // SIGINT and SIGTERM: cancel the run at once (a wait on start-up or a final read included), let
    // it heal every fault, finish the history and write the reports, and exit 1 the ordinary way.
    StopSignals signals =
        StopSignals.install(reason -> {
          stoppedBy = reason;
          progress.println("firedrill: " + reason + ": stopping, healing, writing the reports");
          handle.cancel(reason);
        });
    // Any other shutdown (SIGHUP, a System.exit elsewhere): the same, from a shutdown hook, then
    // exit with the Aborted code instead of the JVM's.
    Thread hook =
        new Thread(() -> {
          handle.cancel("the JVM is shutting down");
          try {
            if (done.await(120, TimeUnit.SECONDS)) {
              progress.flush();
              Runtime.getRuntime().halt(Firedrill.FAIL);
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      RunResult result = handle.await();
      summary(result, progress);
      return result;
    } finally {
      signals.close();
      done.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running and exits once it sees the run is done
      }
    }
  }

  /**
   * What a local run touches: the network first, so proxies exist before any process starts; the
   * clocks next, so a process a clockSkew names starts with libfaketime.
   */
  static List<Setup> localSetups(Map<String, String> env) {
    return localSetups(env, 0);
  }

  /** The same, the embedded proxy's API on {@code proxyPort} (0: a free one). */
  static List<Setup> localSetups(Map<String, String> env, int proxyPort) {
    return List.of(
        new ToxiproxySetup(proxyPort),
        new ClockSkewSetup(),
        new LocalProcessSetup(env, ClockSkewSetup::processEnv));
  }

  /**
   * Prints the run's progress and nemesis steps, indented under the run's first line; each line
   * through {@link SafeText#line}, since progress quotes what the system under test answered.
   */
  record ConsoleListener(PrintStream out) implements RunListener {
    @Override
    public void progress(String line) {
      out.println("  " + SafeText.line(line));
    }
  }

  /**
   * The verdict, each invariant with its evidence and first anomalies, and where the report is.
   * Messages and explanations quote the system under test: {@link SafeText#line} keeps an escape
   * sequence, a CR or a newline in them from clearing the terminal or printing a line of its own.
   */
  static void summary(RunResult r, PrintStream out) {
    out.println(
        SafeText.line(
            r.drill()
                + ": "
                + r.verdict().name()
                + (r.message() == null ? "" : " — " + r.message())));
    for (RunResult.InvariantResult ir : r.invariants()) {
      out.println(
          SafeText.line(
              String.format(
                  "  %-14s %s (%s)",
                  Reports.invariantName(ir.invariant()),
                  Reports.shownValidity(r, ir),
                  Reports.evidence(ir.result()))));
      for (Anomaly a : ir.result().allAnomalies().stream().limit(3).toList()) {
        out.println(SafeText.line("    " + a.kind() + ": " + a.explanation()));
      }
    }
    out.println("  report: " + r.runDir().resolve("report.html"));
  }

  /** The exit code of several verdicts: the worst, in the order fail, error, inconclusive. */
  static int exitCode(List<Verdict> verdicts) {
    if (verdicts.stream().anyMatch(v -> v == Verdict.FAIL || v == Verdict.ABORTED)) {
      return Firedrill.FAIL;
    }
    if (verdicts.stream().anyMatch(v -> v == Verdict.ERROR)) {
      return Firedrill.CANNOT_RUN;
    }
    return verdicts.stream().anyMatch(v -> v == Verdict.INCONCLUSIVE)
        ? Firedrill.INCONCLUSIVE
        : Firedrill.PASS;
  }
}
