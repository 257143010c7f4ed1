package dev.firedrill.engine.step;

import dev.firedrill.engine.model.DurationText;
import dev.firedrill.engine.model.StepSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs a drill's setup or teardown steps in order, each an HTTP call or a command, each within its
 * timeout. Setup stops at the first failed step (what follows would run on a system in an unknown
 * state) and can be interrupted (a cancel); teardown runs every step whatever the ones before did,
 * and, like a heal, is not cut short by an interrupt: it clears the flag while it works and sets it
 * again when done.
 */
public final class Steps {

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  /** {@code setup}: the phase whose steps stop at the first failure. */
  public static final String SETUP = "setup";

  /** {@code teardown}: the phase whose steps all run, uninterrupted. */
  public static final String TEARDOWN = "teardown";

  private Steps() {}

  /**
   * Runs the setup steps; returns the outcome of each one run, the last one failed when a step
   * failed. Throws when interrupted (the step under way is stopped first).
   */
  public static List<StepOutcome> setup(
      List<StepSpec> steps, StepValues values, Consumer<StepOutcome> each)
      throws InterruptedException {
    List<StepOutcome> outcomes = new ArrayList<>();
    for (StepSpec s : steps) {
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedException("cancelled before setup step " + s.name());
      }
      StepOutcome o = run(SETUP, s, values);
      outcomes.add(o);
      each.accept(o);
      if (!o.ok()) {
        break;
      }
    }
    return outcomes;
  }

  /** Runs every teardown step; returns the outcome of each. Never throws for a step's failure. */
  public static List<StepOutcome> teardown(
      List<StepSpec> steps, StepValues values, Consumer<StepOutcome> each) {
    boolean interrupted = Thread.interrupted();
    List<StepOutcome> outcomes = new ArrayList<>();
    try {
      for (StepSpec s : steps) {
        StepOutcome o;
        try {
          o = run(TEARDOWN, s, values);
        } catch (InterruptedException e) {
          interrupted = true;
          o =
              new StepOutcome(
                  TEARDOWN, s.name(), s.kind(), false, null, Duration.ZERO, "", "interrupted");
        }
        outcomes.add(o);
        each.accept(o);
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    return outcomes;
  }

  /** Runs one step of {@code phase}. */
  static StepOutcome run(String phase, StepSpec step, StepValues values)
      throws InterruptedException {
    Duration timeout = DurationText.parseOr(step.timeout(), DEFAULT_TIMEOUT);
    long start = System.nanoTime();
    if (step.http() != null) {
      HttpStepCall.Answer a = HttpStepCall.send(step.http(), values, timeout);
      return new StepOutcome(
          phase,
          step.name(),
          "http",
          a.error() == null,
          a.status() == null ? null : "HTTP " + a.status(),
          Duration.ofNanos(System.nanoTime() - start),
          a.body(),
          a.error());
    }
    Path log = values.runDir().resolve("logs").resolve(phase + "-" + step.name() + ".log");
    CommandStepCall.Exit e = CommandStepCall.run(step.command(), values, timeout, log);
    return new StepOutcome(
        phase,
        step.name(),
        "command",
        e.error() == null,
        e.code() == null ? null : "exit " + e.code(),
        Duration.ofNanos(System.nanoTime() - start),
        e.output(),
        e.error());
  }
}
