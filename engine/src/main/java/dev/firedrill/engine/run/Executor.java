package dev.firedrill.engine.run;

import dev.firedrill.check.checker.Result;
import dev.firedrill.check.checker.Validity;
import dev.firedrill.check.history.History;
import dev.firedrill.check.history.JsonlHistoryReader;
import dev.firedrill.check.history.JsonlHistoryWriter;
import dev.firedrill.engine.fault.FaultDriver;
import dev.firedrill.engine.fault.local.LocalProcessDriver;
import dev.firedrill.engine.fault.local.LocalProcesses;
import dev.firedrill.engine.model.DrillSpec;
import dev.firedrill.engine.model.DurationText;
import dev.firedrill.engine.model.InvariantSpec;
import dev.firedrill.engine.model.Verdict;
import dev.firedrill.engine.plan.Plan;
import dev.firedrill.engine.plan.Planner;
import dev.firedrill.engine.validate.LoadedDrill;
import dev.firedrill.engine.workload.Generator;
import dev.firedrill.engine.workload.Generators;
import dev.firedrill.engine.workload.Invocation;
import dev.firedrill.engine.workload.OpenLoop;
import dev.firedrill.engine.workload.http.Completion;
import dev.firedrill.engine.workload.http.HttpOperationClient;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a drill on one machine: plan, start the local processes and the network, then the open loop
 * and the nemesis side by side while probes sample; heal, wait for recovery (reading all the
 * while), take the final reads, check every invariant over the recorded history, and give a
 * verdict. Whatever happens — a guardrail, {@link #abort} from Ctrl-C, an exception — every fault
 * is healed and every process stopped before {@code run} returns.
 */
public final class Executor {

  /** Where and how to run. */
  public record Options(
      Path runDir,
      long seed,
      PrintStream progress,
      NetworkSetup network,
      java.util.Map<String, String> env) {}

  private static final int FINAL_PROCESS = 1_000_000;

  private final AtomicReference<String> abortReason = new AtomicReference<>();

  /** Stops the run as soon as possible, heals, and records why. Safe from any thread. */
  public void abort(String reason) {
    abortReason.compareAndSet(null, reason);
  }

  public RunResult run(LoadedDrill drill, Options o) throws IOException {
    DrillSpec spec = drill.spec();
    Plan plan = Planner.plan(spec, o.seed());
    Files.createDirectories(o.runDir());
    Files.copy(
        drill.file(),
        o.runDir().resolve("drill.yaml"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Path historyFile = o.runDir().resolve("history.jsonl");
    long begin = System.nanoTime();
    List<NemesisEvent> events = java.util.Collections.synchronizedList(new ArrayList<>());
    OpenLoop.Stats stats = new OpenLoop.Stats(0, 0, 0, 0, 0);
    String error = null;
    Path base = drill.file().toAbsolutePath().getParent();
    try (JsonlHistoryWriter writer = JsonlHistoryWriter.open(historyFile);
        LocalProcesses processes = new LocalProcesses(base, o.runDir().resolve("logs"), o.env())) {
      HistoryRecorder recorder = new HistoryRecorder(writer, spec.workload().type(), begin);
      NetworkSetup.Network network = null;
      try {
        processes.startAll(spec.target().processes());
        List<FaultDriver> drivers = new ArrayList<>(List.of(new LocalProcessDriver(processes)));
        if (spec.toxiproxy() != null && o.network() != null) {
          network = o.network().open(spec.toxiproxy());
          drivers.add(network.driver());
        }
        Phases phases = new Phases(spec, plan, recorder, drivers, o, abortReason);
        stats = phases.run(begin, events);
        processes.healAll();
      } catch (Exception e) {
        error = e.getClass().getSimpleName() + ": " + e.getMessage();
        recorder.note("error", error);
      } finally {
        if (network != null) {
          network.close();
        }
      }
    }
    return verdict(
        drill,
        o,
        plan,
        historyFile,
        stats,
        events,
        error,
        Duration.ofNanos(System.nanoTime() - begin));
  }

  private RunResult verdict(
      LoadedDrill drill,
      Options o,
      Plan plan,
      Path historyFile,
      OpenLoop.Stats stats,
      List<NemesisEvent> events,
      String error,
      Duration elapsed)
      throws IOException {
    History history = JsonlHistoryReader.read(historyFile);
    List<RunResult.InvariantResult> results = new ArrayList<>();
    Validity overall = Validity.VALID;
    for (InvariantSpec inv : drill.spec().invariants()) {
      Result r = Invariants.checker(inv, drill.spec().workload()).check(history);
      results.add(new RunResult.InvariantResult(inv, r));
      overall = overall.and(r.validity());
    }
    String nemesisError =
        events.stream()
            .filter(e -> e.error() != null)
            .map(e -> e.step().fault().id() + ": " + e.error())
            .findFirst()
            .orElse(null);
    Verdict verdict;
    String message = null;
    // An abort comes first: the run did not finish, whatever the invariants say so far.
    if (abortReason.get() != null) {
      verdict = Verdict.ABORTED;
      message = abortReason.get();
    } else if (overall == Validity.INVALID) {
      verdict = Verdict.FAIL;
    } else if (error != null || nemesisError != null) {
      verdict = Verdict.ERROR;
      message = error != null ? error : "a fault could not be applied: " + nemesisError;
    } else {
      verdict = overall == Validity.UNKNOWN ? Verdict.INCONCLUSIVE : Verdict.PASS;
    }
    return new RunResult(
        drill.name(), plan.seed(), verdict, message, results, stats, events, elapsed, o.runDir());
  }

  /** The timed part of a run, in order: load + nemesis + probes, heal, recovery, final reads. */
  private static final class Phases {
    private final DrillSpec spec;
    private final Plan plan;
    private final HistoryRecorder recorder;
    private final List<FaultDriver> drivers;
    private final Options o;
    private final AtomicReference<String> abort;

    Phases(
        DrillSpec spec,
        Plan plan,
        HistoryRecorder recorder,
        List<FaultDriver> drivers,
        Options o,
        AtomicReference<String> abort) {
      this.spec = spec;
      this.plan = plan;
      this.recorder = recorder;
      this.drivers = drivers;
      this.o = o;
      this.abort = abort;
    }

    OpenLoop.Stats run(long begin, List<NemesisEvent> events) throws InterruptedException {
      Duration timeout = DurationText.parseOr(spec.workload().timeout(), Duration.ofSeconds(2));
      Generator generator = Generators.of(spec.workload(), "run" + plan.seed());
      Nemesis nemesis =
          new Nemesis(
              drivers,
              e -> {
                recorder.nemesis(e);
                progress(
                    e.step().kind()
                        + " "
                        + e.step().fault().id()
                        + " at "
                        + e.actual().toMillis()
                        + " ms"
                        + (e.error() != null ? " FAILED: " + e.error() : ""));
              });
      try (HttpOperationClient http = new HttpOperationClient(spec.workload().baseUrl(), timeout);
          ProbeRunner probes =
              new ProbeRunner(
                  spec.probes(),
                  spec.guardrails(),
                  recorder::probe,
                  reason -> {
                    abort.compareAndSet(null, reason);
                    recorder.note("abort", reason);
                    nemesis.stop();
                  })) {
        probes.start();
        long start = System.nanoTime();
        Thread nemesisThread =
            Thread.ofVirtual().name("nemesis").start(() -> events.addAll(nemesis.run(plan, start)));
        Thread ticker = Thread.ofVirtual().name("progress").start(() -> tick(start, nemesis));
        OpenLoop loop = new OpenLoop(generator, (inv, p) -> send(http, inv), recorder, plan.seed());
        double rate = spec.workload().rate() == null ? 10 : spec.workload().rate();
        int concurrency = spec.workload().concurrency() == null ? 8 : spec.workload().concurrency();
        OpenLoop.Stats stats =
            loop.run(
                rate,
                concurrency,
                plan.workload(),
                timeout.multipliedBy(2),
                () -> abort.get() != null);
        nemesis.stop();
        ticker.interrupt();
        nemesisThread.join(Duration.ofSeconds(30));
        events.addAll(nemesis.healAll(start));
        progress(
            String.format(
                "load done: %d ops (%d ok, %d fail, %d info, %d dropped); recovering for %s",
                stats.invoked(),
                stats.ok(),
                stats.fail(),
                stats.info(),
                stats.dropped(),
                DurationText.format(plan.recovery())));
        recover(http, generator);
        return stats;
      }
    }

    /** Prints a progress line every 2 s until interrupted. */
    private void tick(long start, Nemesis nemesis) {
      while (!Thread.currentThread().isInterrupted()) {
        try {
          Thread.sleep(2000);
        } catch (InterruptedException e) {
          return;
        }
        long[] c = recorder.counts();
        progress(
            String.format(
                "t=%ds ok=%d fail=%d info=%d faults active: %s",
                (System.nanoTime() - start) / 1_000_000_000L,
                c[0],
                c[1],
                c[2],
                nemesis.active().stream().map(f -> f.id()).toList()));
      }
    }

    /** Waits out the recovery, reading every second so convergence sees the views settle. */
    private void recover(HttpOperationClient http, Generator generator)
        throws InterruptedException {
      long end = System.nanoTime() + plan.recovery().toNanos();
      int process = FINAL_PROCESS;
      while (System.nanoTime() < end && abort.get() == null) {
        for (Invocation read : generator.finalReads()) {
          perform(http, read, process++);
        }
        Thread.sleep(
            Duration.ofMillis(Math.max(0, Math.min(1000, (end - System.nanoTime()) / 1_000_000))));
      }
      for (Invocation read : generator.finalReads()) {
        perform(http, read, process++);
      }
    }

    private void perform(HttpOperationClient http, Invocation inv, int process) {
      recorder.invoked(process, inv);
      recorder.completed(process, inv, send(http, inv));
    }

    private Completion send(HttpOperationClient http, Invocation inv) {
      return http.send(
          spec.workload().operations().get(inv.operation()), inv.bindings(), inv.traceId());
    }

    private void progress(String line) {
      if (o.progress() != null) {
        o.progress().println("  " + line);
      }
    }
  }
}
