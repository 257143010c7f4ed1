package dev.firedrill.engine.run;

import dev.firedrill.engine.model.DrillSpec;
import dev.firedrill.engine.step.StepOutcome;
import dev.firedrill.engine.step.StepValues;
import dev.firedrill.engine.step.Steps;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The drill's setup and teardown steps in a {@link Run}: each outcome goes to the console, into the
 * history (a nemesis entry {@code setup} or {@code teardown} keyed by the step's name, with the
 * failure as its error) and into the result. A failed setup step stops the run before the load, so
 * no fault is ever injected after it (the verdict is Error, the step named); a failed teardown step
 * is named in the verdict's message and changes nothing else.
 */
final class RunSteps {

  private final Run run;
  private final DrillSpec spec;
  private final StepValues values;
  private final List<StepOutcome> outcomes = Collections.synchronizedList(new ArrayList<>());

  RunSteps(Run run, DrillSpec spec, StepValues values) {
    this.run = run;
    this.spec = spec;
    this.values = values;
  }

  /** Runs the setup steps; a failure stops the run. Throws when a cancel interrupts a step. */
  void setup(HistoryRecorder recorder) throws InterruptedException {
    if (spec.setup().isEmpty()) {
      return;
    }
    run.progress("setup: " + spec.setup().size() + " step(s)");
    List<StepOutcome> done = Steps.setup(spec.setup(), values, o -> record(recorder, o));
    StepOutcome last = done.getLast();
    if (!last.ok()) {
      run.stopFor(Verdicts.Stop.Kind.SETUP, last.summary());
    }
  }

  /** Runs every teardown step, whatever ended the run; never throws. */
  void teardown(HistoryRecorder recorder) {
    if (spec.teardown().isEmpty()) {
      return;
    }
    run.progress("teardown: " + spec.teardown().size() + " step(s)");
    try {
      Steps.teardown(spec.teardown(), values, o -> record(recorder, o));
    } catch (RuntimeException e) {
      String why =
          "teardown could not run: " + e.getClass().getSimpleName() + ": " + e.getMessage();
      recorder.note("error", why);
      run.progress("TEARDOWN FAILED: " + why);
    }
  }

  /** The outcome of every step run so far, in order. */
  List<StepOutcome> outcomes() {
    synchronized (outcomes) {
      return List.copyOf(outcomes);
    }
  }

  /** {@code message} with every failed teardown step added; the verdict itself stays. */
  String withTeardownFailures(String message) {
    String failed =
        outcomes().stream()
            .filter(o -> !o.ok() && o.phase().equals(Steps.TEARDOWN))
            .map(StepOutcome::summary)
            .collect(Collectors.joining("; "));
    if (failed.isEmpty()) {
      return message;
    }
    return message == null ? failed : message + "; " + failed;
  }

  private void record(HistoryRecorder recorder, StepOutcome o) {
    outcomes.add(o);
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("kind", o.kind());
    if (o.detail() != null) {
      value.put("detail", o.detail());
    }
    value.put("elapsedMs", o.elapsed().toMillis());
    if (!o.ok() && o.output() != null && !o.output().isBlank()) {
      value.put("output", o.output());
    }
    recorder.note(o.phase(), o.name(), value, o.error());
    run.progress(
        o.ok()
            ? o.summary() + " in " + o.elapsed().toMillis() + " ms"
            : o.phase().toUpperCase()
                + " FAILED after "
                + o.elapsed().toMillis()
                + " ms: "
                + o.summary());
  }
}
