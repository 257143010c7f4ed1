package dev.firedrill.engine.run;

import dev.firedrill.check.checker.Result;
import dev.firedrill.check.checker.Validity;
import dev.firedrill.check.history.History;
import dev.firedrill.check.history.JsonlHistoryReader;
import dev.firedrill.check.history.JsonlHistoryWriter;
import dev.firedrill.engine.fault.FaultDriver;
import dev.firedrill.engine.fault.Ledger;
import dev.firedrill.engine.model.DrillSpec;
import dev.firedrill.engine.model.InvariantSpec;
import dev.firedrill.engine.model.RunPhase;
import dev.firedrill.engine.plan.Plan;
import dev.firedrill.engine.plan.PlannedFault;
import dev.firedrill.engine.plan.Planner;
import dev.firedrill.engine.report.Reports;
import dev.firedrill.engine.step.StepValues;
import dev.firedrill.engine.trace.OtlpExport;
import dev.firedrill.engine.workload.OpenLoop;
import java.io.BufferedWriter;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * One run of a drill, from plan to verdict, on the thread that calls {@link #execute}. Its phases
 * are those of {@link RunPhase}: Pending (plan, drill.yaml, the setups opened in order, then the
 * drill's setup steps; a failed one ends the run Error before the load, nothing injected), Running
 * (probes, the open loop and the nemesis side by side, the steady-state check before the first
 * fault), Healing (the nemesis heals every fault in the ledger, the setups restore what no heal
 * undoes), Recovering (the recovery wait, reading every second, then the final reads), Checking
 * (every invariant over the history, the verdict, the reports).
 *
 * <p>Whatever ends the run — the end of the load, a guardrail, {@link #cancel} (which also
 * interrupts the run's thread), an exception — every fault in the ledger is healed before the
 * setups close, and the heal itself ignores interrupts. Only a heal that fails after its retries
 * leaves a fault, and the result names it. Then, on every ending and before the setups close (so
 * the processes still answer), the drill's teardown steps run, uninterrupted ({@link RunSteps}).
 */
final class Run {

  private final RunRequest request;
  private final long seed;
  private final String runId;
  private final Plan plan;
  private final Ledger ledger;
  private final AtomicReference<Verdicts.Stop> stop = new AtomicReference<>();
  private final List<NemesisEvent> events = Collections.synchronizedList(new ArrayList<>());
  private volatile RunPhase phase = RunPhase.PENDING;
  private volatile Thread thread;
  private volatile String failure;
  private final List<String> inconclusive = Collections.synchronizedList(new ArrayList<>());
  private volatile Consumer<String> guardrail;
  private final RunSteps steps;

  Run(RunRequest request) {
    this.request = request;
    this.seed = request.chosenSeed();
    this.runId = request.chosenRunId();
    this.plan = Planner.plan(request.drill().spec(), seed);
    this.ledger = new Ledger(request.ledger(), request.clock());
    this.steps =
        new RunSteps(
            this, request.drill().spec(), new StepValues(request.runDir(), runId, seed, baseDir()));
  }

  long seed() {
    return seed;
  }

  String runId() {
    return runId;
  }

  Plan plan() {
    return plan;
  }

  RunPhase phase() {
    return phase;
  }

  /**
   * Stops the run as soon as it can: no further fault, every fault healed, no recovery wait or
   * final reads; the verdict is Aborted with {@code reason}. Safe from any thread, idempotent.
   */
  void cancel(String reason) {
    if (stop.compareAndSet(null, new Verdicts.Stop(Verdicts.Stop.Kind.CANCEL, reason))) {
      synchronized (this) {
        if (thread != null) {
          thread.interrupt(); // ends waits (start-up health, recovery); heals ignore it
        }
      }
    }
  }

  /**
   * The timed part is over: from here on (checking, reports) nothing waits on the system, so a late
   * cancel no longer interrupts, and an interrupt already delivered is cleared, since it would
   * close the files the checkers and reports read and write.
   */
  private synchronized void uninterruptibleFromHere() {
    thread = null;
    Thread.interrupted();
  }

  /**
   * Runs the drill on this thread; the result once every fault is healed and the reports written.
   */
  RunResult execute() throws IOException {
    synchronized (this) {
      thread = Thread.currentThread();
    }
    long begin = System.nanoTime();
    java.time.Instant started = request.clock().instant();
    DrillSpec spec = request.drill().spec();
    phase(RunPhase.PENDING, "plan with seed " + seed + ", run id " + runId);
    Files.createDirectories(request.runDir());
    Files.writeString(request.runDir().resolve("drill.yaml"), request.drill().text());
    Path historyFile = request.runDir().resolve("history.jsonl");
    OpenLoop.Stats stats = new OpenLoop.Stats(0, 0, 0, 0, 0);
    String error = null;
    try (JsonlHistoryWriter writer = new JsonlHistoryWriter(uninterruptible(historyFile));
        Opened opened = new Opened()) {
      HistoryRecorder recorder = new HistoryRecorder(writer, spec.workload().type(), begin);
      try {
        RunContext context =
            new RunContext(
                request.drill().name(),
                spec,
                request.runDir(),
                baseDir(),
                request.listener()::progress,
                signals(recorder));
        for (Setup setup : request.setups()) {
          if (stop.get() != null) {
            break;
          }
          opened.add(setup, setup.open(context));
        }
        if (stop.get() == null) {
          List<FaultDriver> drivers = opened.drivers();
          List<PlannedFault> unclaimed = Nemesis.unclaimed(plan, drivers);
          if (!unclaimed.isEmpty()) {
            throw new IllegalStateException(unclaimedMessage(unclaimed, opened));
          }
          steps.setup(recorder);
        }
        if (stop.get() == null) {
          Phases phases =
              new Phases(this, spec, plan, runId, recorder, opened.drivers(), ledger, begin);
          stats = phases.run(opened::restore);
        }
      } catch (Exception e) {
        if (!(e instanceof InterruptedException) || stop.get() == null) {
          error = describe(e);
          recorder.note("error", error);
        }
      }
      if (stop.get() != null && stop.get().kind() != Verdicts.Stop.Kind.SETUP) {
        recorder.note("abort", stop.get().reason());
      }
      uninterruptibleFromHere();
      steps.teardown(recorder); // with the targets still up; no cancel interrupts it
    }
    phase(RunPhase.CHECKING, "checking " + spec.invariants().size() + " invariant(s)");
    RunResult result =
        verdict(historyFile, stats, error, Duration.ofNanos(System.nanoTime() - begin));
    if (request.reports()) {
      Reports.writeAll(result, JsonlHistoryReader.read(historyFile));
    }
    exportSpans(historyFile, started);
    phase(RunPhase.of(result.verdict()), result.message());
    return result;
  }

  /**
   * The workload's client spans to the tracing backend, when the drill or the environment asks
   * (report.otlp, OTEL_EXPORTER_OTLP_ENDPOINT); a failure is a warning in the output only.
   */
  private void exportSpans(Path historyFile, java.time.Instant started) {
    String line;
    try {
      line =
          OtlpExport.afterRun(
              request.drill().spec().reportOrDefault().otlp(),
              System.getenv(),
              () -> JsonlHistoryReader.read(historyFile),
              started.getEpochSecond() * 1_000_000_000L + started.getNano(),
              request.drill().name(),
              runId);
    } catch (RuntimeException e) {
      line = "WARN traces not exported: " + describe(e);
    }
    if (line != null) {
      progress(line);
    }
  }

  /**
   * The signals the setups send: notes go into the history, a guardrail trip to the running phases
   * (which heal at once) or, before they run, stops the run; inconclusive reasons to the verdict.
   */
  private RunSignals signals(HistoryRecorder recorder) {
    return new RunSignals() {
      @Override
      public void note(String f, String key, Map<String, ?> value, String error) {
        recorder.note(f, key, value, error);
      }

      @Override
      public void guardrail(String reason) {
        Consumer<String> running = Run.this.guardrail;
        if (running != null) {
          running.accept(reason);
        } else if (stopFor(Verdicts.Stop.Kind.GUARDRAIL, reason)) {
          progress("ABORT " + reason);
        }
      }

      @Override
      public void failed(String reason) {
        progress("ERROR " + reason);
        Run.this.failed(reason);
      }

      @Override
      public void inconclusive(String reason) {
        if (!inconclusive.contains(reason)) {
          inconclusive.add(reason);
          progress("INCONCLUSIVE " + reason);
        }
      }
    };
  }

  /** Where guardrail trips go once the timed phases run: they stop and heal at once. */
  void onGuardrail(Consumer<String> trip) {
    this.guardrail = trip;
  }

  /** Stops the run from inside (a guardrail, the steady-state check); first reason wins. */
  boolean stopFor(Verdicts.Stop.Kind kind, String reason) {
    return stop.compareAndSet(null, new Verdicts.Stop(kind, reason));
  }

  /** Something the run needed failed without stopping it (a restart); the verdict is Error. */
  void failed(String why) {
    if (failure == null) {
      failure = why;
    }
  }

  /** How the run was stopped early, or null. */
  Verdicts.Stop stopped() {
    return stop.get();
  }

  void nemesisEvent(NemesisEvent e) {
    events.add(e);
    request.listener().nemesis(e);
  }

  void operations(OpenLoop.Stats soFar) {
    request.listener().operations(soFar);
  }

  void progress(String line) {
    request.listener().progress(line);
  }

  void phase(RunPhase next, String message) {
    phase = next;
    request.listener().phase(next, message);
  }

  private RunResult verdict(Path historyFile, OpenLoop.Stats stats, String error, Duration elapsed)
      throws IOException {
    History history = JsonlHistoryReader.read(historyFile);
    DrillSpec spec = request.drill().spec();
    List<RunResult.InvariantResult> results = new ArrayList<>();
    Validity overall = Validity.VALID;
    for (InvariantSpec inv : spec.invariants()) {
      Result r = Invariants.checker(inv, spec.workload()).check(history);
      results.add(new RunResult.InvariantResult(inv, r));
      overall = overall.and(r.validity());
    }
    String faultError;
    synchronized (events) {
      faultError =
          events.stream()
              .filter(e -> e.error() != null)
              .map(e -> e.step().fault().id() + ": " + e.error())
              .findFirst()
              .orElse(null);
    }
    Verdicts.Decision d =
        Verdicts.decide(
            stop.get(),
            overall,
            error != null ? error : failure,
            faultError,
            List.copyOf(inconclusive),
            ledger.leftBehind());
    String message = steps.withTeardownFailures(d.message());
    return new RunResult(
        request.drill().name(),
        seed,
        runId,
        d.verdict(),
        message,
        results,
        stats,
        List.copyOf(events),
        ledger.entries(),
        elapsed,
        request.runDir(),
        spec.description(),
        steps.outcomes());
  }

  private Path baseDir() {
    Path base = request.drill().baseDir();
    return base != null ? base : Path.of("").toAbsolutePath();
  }

  private static String unclaimedMessage(List<PlannedFault> unclaimed, Opened opened) {
    return unclaimed.stream()
            .map(f -> "fault " + f.name() + " (" + f.action().kind() + ")")
            .distinct()
            .collect(Collectors.joining(", "))
        + ": nothing in this run can apply it (this run has "
        + (opened.described().isEmpty()
            ? "no fault drivers"
            : String.join(", ", opened.described()))
        + "); a podKill by label selector needs a cluster (firedrill run --cluster), a local one"
        + " names target.processes";
  }

  private static String describe(Exception e) {
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  /**
   * The history file opened on a plain {@link FileOutputStream}: unlike {@code
   * Files.newOutputStream}, whose channel an interrupt closes, it survives a cancel that interrupts
   * the run's thread mid-write, so the history is never cut short by the cancel itself.
   */
  private static BufferedWriter uninterruptible(Path file) throws IOException {
    return new BufferedWriter(
        new OutputStreamWriter(new FileOutputStream(file.toFile()), StandardCharsets.UTF_8));
  }

  /** The setups opened so far, closed in reverse order. */
  private static final class Opened implements AutoCloseable {
    private final List<Setup> setups = new ArrayList<>();
    private final List<Setup.Active> active = new ArrayList<>();

    void add(Setup setup, Setup.Active a) {
      setups.add(setup);
      active.add(a);
    }

    List<FaultDriver> drivers() {
      return active.stream().flatMap(a -> a.drivers().stream()).toList();
    }

    List<String> described() {
      return setups.stream().map(Setup::describe).toList();
    }

    void restore() throws Exception {
      Exception first = null;
      for (Setup.Active a : active) {
        try {
          a.restore();
        } catch (Exception e) {
          if (first == null) {
            first = e;
          }
        }
      }
      if (first != null) {
        throw first;
      }
    }

    @Override
    public void close() {
      boolean interrupted = Thread.interrupted();
      for (int i = active.size() - 1; i >= 0; i--) {
        active.get(i).close();
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
