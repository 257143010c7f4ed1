package dev.firedrill.engine.run;

import dev.firedrill.engine.fault.FaultDriver;
import dev.firedrill.engine.fault.Ledger;
import dev.firedrill.engine.model.DrillSpec;
import dev.firedrill.engine.model.DurationText;
import dev.firedrill.engine.model.ProbeSpec;
import dev.firedrill.engine.model.RequestTemplate;
import dev.firedrill.engine.model.RunPhase;
import dev.firedrill.engine.model.SteadyState;
import dev.firedrill.engine.plan.Plan;
import dev.firedrill.engine.workload.Endpoints;
import dev.firedrill.engine.workload.Generator;
import dev.firedrill.engine.workload.Generators;
import dev.firedrill.engine.workload.Invocation;
import dev.firedrill.engine.workload.OpenLoop;
import dev.firedrill.engine.workload.WarmUp;
import dev.firedrill.engine.workload.http.Completion;
import dev.firedrill.engine.workload.http.HttpOperationClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The timed part of a run, in order: Running (probes, the open loop and the nemesis side by side),
 * Healing (always, in a {@code finally}), Recovering (the recovery wait, reading every second, and
 * the final reads). A guardrail heals at once from the probe's thread, without waiting for the load
 * to drain; the steady-state check runs before the first inject (or, with no faults, after the
 * load) and stops the run with nothing injected when it fails.
 */
final class Phases {

  /** Process numbers of the recovery and final reads, above any client's. */
  private static final int FINAL_PROCESS = 1_000_000;

  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration DEFAULT_STEADY_WITHIN = Duration.ofSeconds(10);
  private static final Duration NEMESIS_JOIN = Duration.ofSeconds(30);

  /** Heals and restores what no heal undoes (restarts killed processes). */
  interface Restore {
    void restore() throws Exception;
  }

  private final Run run;
  private final DrillSpec spec;
  private final Plan plan;
  private final String runId;
  private final HistoryRecorder recorder;
  private final Nemesis nemesis;
  private final SteadyState steady;
  private final List<String> steadyProbes;

  Phases(
      Run run,
      DrillSpec spec,
      Plan plan,
      String runId,
      HistoryRecorder recorder,
      List<FaultDriver> drivers,
      Ledger ledger,
      long origin) {
    this.run = run;
    this.spec = spec;
    this.plan = plan;
    this.runId = runId;
    this.recorder = recorder;
    this.nemesis = new Nemesis(drivers, ledger, this::onNemesis, origin);
    run.onGuardrail(this::guardrail);
    this.steady = spec.steadyState();
    this.steadyProbes =
        SteadyStateCheck.probesToWatch(
            steady, spec.probes().stream().map(ProbeSpec::name).toList());
  }

  OpenLoop.Stats run(Restore restore) throws Exception {
    Duration timeout = DurationText.parseOr(spec.workload().timeout(), DEFAULT_TIMEOUT);
    Generator generator =
        new Endpoints(spec.workload()).route(Generators.of(spec.workload(), runId));
    try (HttpOperationClient http = new HttpOperationClient(spec.workload().primaryUrl(), timeout);
        ProbeRunner probes =
            new ProbeRunner(spec.probes(), spec.guardrails(), recorder::probe, this::guardrail)) {
      probes.start();
      warmUp(http, generator, timeout);
      run.phase(RunPhase.RUNNING, "load at " + rate() + "/s for " + spec.workload().duration());
      OpenLoop.Stats stats = new OpenLoop.Stats(0, 0, 0, 0, 0);
      Thread nemesisThread = null;
      Thread ticker = null;
      try {
        long start = System.nanoTime();
        nemesisThread =
            Thread.ofVirtual()
                .name("nemesis")
                .start(() -> nemesis.run(plan, start, () -> steadyState(probes)));
        ticker = Thread.ofVirtual().name("progress").start(() -> tick(start));
        OpenLoop loop = new OpenLoop(generator, (inv, p) -> send(http, inv), recorder, plan.seed());
        stats =
            loop.run(
                rate(),
                concurrency(),
                plan.workload(),
                timeout.multipliedBy(2),
                () -> run.stopped() != null);
        if (plan.faults().isEmpty() && run.stopped() == null) {
          checkSteadyStateNow(probes);
        }
      } finally {
        run.phase(RunPhase.HEALING, "healing " + nemesis.active().size() + " fault(s)");
        nemesis.stop();
        if (ticker != null) {
          ticker.interrupt();
        }
        joinUninterruptibly(nemesisThread);
        nemesis.healAll();
        restoreUninterruptibly(restore);
      }
      run.progress(
          String.format(
              "load done: %d ops (%d ok, %d fail, %d info, %d dropped)",
              stats.invoked(), stats.ok(), stats.fail(), stats.info(), stats.dropped()));
      Verdicts.Stop stop = run.stopped();
      if (stop == null || stop.kind() == Verdicts.Stop.Kind.GUARDRAIL) {
        run.phase(
            RunPhase.RECOVERING,
            stop == null
                ? "recovering for " + DurationText.format(plan.recovery())
                : "final reads after the abort");
        recover(http, generator);
      }
      return stats;
    }
  }

  /**
   * The warm-up (workload.warmup, default none): reads at the load's rate, not in the history,
   * before the load, its fault timeline and its steady-state check start.
   */
  private void warmUp(HttpOperationClient http, Generator generator, Duration timeout) {
    Duration warmup = DurationText.parseOr(spec.workload().warmup(), Duration.ZERO);
    if (!warmup.isPositive()) {
      return;
    }
    run.progress(
        "warm-up: reads at " + rate() + "/s for " + DurationText.format(warmup) + ", not recorded");
    OpenLoop.Stats w =
        WarmUp.run(
            generator,
            (inv, p) -> send(http, inv),
            rate(),
            concurrency(),
            warmup,
            timeout.multipliedBy(2),
            () -> run.stopped() != null);
    run.progress(
        String.format(
            "warm-up done: %d reads (%d ok, %d dropped), not in the history",
            w.invoked(), w.ok(), w.dropped()));
  }

  private void onNemesis(NemesisEvent e) {
    recorder.nemesis(e);
    run.nemesisEvent(e);
    run.progress(
        e.step().kind()
            + " "
            + e.step().fault().id()
            + " at "
            + e.actual().toMillis()
            + " ms"
            + (e.error() != null ? " FAILED: " + e.error() : ""));
  }

  /**
   * A guardrail tripped (on a probe's thread, or a setup's watch): stop and heal at once, not after
   * the load drains.
   */
  void guardrail(String reason) {
    if (run.stopFor(Verdicts.Stop.Kind.GUARDRAIL, reason)) {
      recorder.note("abort", reason);
      run.progress("ABORT " + reason + "; healing now");
      nemesis.stop();
      nemesis.healAll();
    }
  }

  /**
   * The gate before the first inject: waits up to {@code steadyState.within} for the steady state;
   * its failure reason stops the run.
   */
  private Optional<String> steadyState(ProbeRunner probes) {
    long deadline =
        System.nanoTime() + DurationText.parseOr(steady.within(), DEFAULT_STEADY_WITHIN).toNanos();
    while (true) {
      Optional<String> failure = failure(probes);
      if (failure.isEmpty() || run.stopped() != null) {
        return run.stopped() != null ? Optional.of(run.stopped().reason()) : failure;
      }
      if (System.nanoTime() >= deadline) {
        stopForSteadyState(failure.get());
        return failure;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        return Optional.of("interrupted");
      }
    }
  }

  private void checkSteadyStateNow(ProbeRunner probes) {
    failure(probes).ifPresent(this::stopForSteadyState);
  }

  private Optional<String> failure(ProbeRunner probes) {
    return SteadyStateCheck.failure(
        steady,
        recorder.evidence().snapshot(),
        probes.latest(steadyProbes),
        spec.workload().primaryUrl());
  }

  private void stopForSteadyState(String reason) {
    if (run.stopFor(Verdicts.Stop.Kind.STEADY_STATE, reason)) {
      run.progress("STEADY STATE NOT REACHED: " + reason + " — nothing is injected");
    }
  }

  /** Prints a progress line every 2 s until interrupted. */
  private void tick(long start) {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Thread.sleep(2000);
      } catch (InterruptedException e) {
        return;
      }
      long[] c = recorder.counts();
      run.operations(new OpenLoop.Stats(c[0] + c[1] + c[2], 0, c[0], c[1], c[2]));
      run.progress(
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
  private void recover(HttpOperationClient http, Generator generator) {
    long end = System.nanoTime() + plan.recovery().toNanos();
    int process = FINAL_PROCESS;
    try {
      while (System.nanoTime() < end && run.stopped() == null) {
        for (Invocation read : generator.finalReads()) {
          perform(http, read, process++);
        }
        Thread.sleep(
            Duration.ofMillis(Math.max(0, Math.min(1000, (end - System.nanoTime()) / 1_000_000))));
      }
    } catch (InterruptedException e) {
      return; // cancelled: no final reads
    }
    if (run.stopped() != null && run.stopped().kind() == Verdicts.Stop.Kind.CANCEL) {
      return;
    }
    for (Invocation read : generator.finalReads()) {
      perform(http, read, process++);
    }
  }

  private void perform(HttpOperationClient http, Invocation inv, int process) {
    recorder.invoked(process, inv);
    recorder.completed(process, inv, send(http, inv));
  }

  /** Sends to the endpoint the invocation was routed to, if {@link Endpoints} chose one. */
  private Completion send(HttpOperationClient http, Invocation inv) {
    RequestTemplate template = spec.workload().operations().get(inv.operation());
    if (inv.endpoint() != null) {
      template = template.toEndpoint(inv.endpoint());
    }
    return http.send(template, inv.bindings(), inv.traceId());
  }

  private double rate() {
    return spec.workload().rate() == null ? 10 : spec.workload().rate();
  }

  private int concurrency() {
    return spec.workload().concurrencyOrDefault();
  }

  private static void joinUninterruptibly(Thread t) {
    if (t == null) {
      return;
    }
    boolean interrupted = false;
    long deadline = System.nanoTime() + NEMESIS_JOIN.toNanos();
    while (t.isAlive() && System.nanoTime() < deadline) {
      try {
        t.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void restoreUninterruptibly(Restore restore) {
    boolean interrupted = Thread.interrupted();
    try {
      restore.restore();
    } catch (Exception e) {
      String error = "restoring the targets failed: " + e.getMessage();
      recorder.note("error", error);
      run.progress(error);
      run.failed(error);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
