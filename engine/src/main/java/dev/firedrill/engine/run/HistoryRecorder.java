package dev.firedrill.engine.run;

import dev.firedrill.check.history.JsonlHistoryWriter;
import dev.firedrill.check.history.Op;
import dev.firedrill.check.history.OpType;
import dev.firedrill.engine.model.WorkloadType;
import dev.firedrill.engine.probe.ProbeSample;
import dev.firedrill.engine.workload.Invocation;
import dev.firedrill.engine.workload.OperationRecorder;
import dev.firedrill.engine.workload.http.Completion;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the one history of a run: client operations (invoke, then ok/fail/info), the nemesis's
 * injects and heals, and probe samples, each timed in nanoseconds from the run's start. The writer
 * flushes every line, so a crash leaves everything up to it on disk.
 */
public final class HistoryRecorder implements OperationRecorder {

  private final JsonlHistoryWriter writer;
  private final WorkloadType type;
  private final long startNanos;
  private final java.util.concurrent.atomic.LongAdder[] completions = {
    new java.util.concurrent.atomic.LongAdder(),
    new java.util.concurrent.atomic.LongAdder(),
    new java.util.concurrent.atomic.LongAdder()
  };
  private final Evidence evidence = new Evidence();

  public HistoryRecorder(JsonlHistoryWriter writer, WorkloadType type, long startNanos) {
    this.writer = writer;
    this.type = type;
    this.startNanos = startNanos;
  }

  private long now() {
    return System.nanoTime() - startNanos;
  }

  @Override
  public void invoked(int process, Invocation inv) {
    writer.append(
        new Op(
            0,
            now(),
            process,
            OpType.INVOKE,
            inv.f(),
            inv.key(),
            inv.f().startsWith("read") || inv.f().equals("dequeue") || inv.f().equals("drain")
                ? null
                : inv.value(),
            inv.idempotencyKey(),
            inv.traceId(),
            null,
            inv.endpoint()));
  }

  @Override
  public void completed(int process, Invocation inv, Completion c) {
    OpType type =
        switch (c.outcome()) {
          case OK, ABSENT -> OpType.OK;
          case FAIL -> OpType.FAIL;
          case INFO -> OpType.INFO;
        };
    completions[type == OpType.OK ? 0 : type == OpType.FAIL ? 1 : 2].increment();
    boolean reads =
        inv.f().startsWith("read") || inv.f().equals("dequeue") || inv.f().equals("drain");
    evidence.add(reads, type, type == OpType.OK || c.status() != null, c.error());
    Object value =
        reads
            ? (c.outcome() == dev.firedrill.engine.model.Outcome.OK
                ? Values.read(this.type, inv.f(), c.value())
                : null)
            : inv.value();
    writer.append(
        new Op(
            0,
            now(),
            process,
            type,
            inv.f(),
            inv.key(),
            value,
            inv.idempotencyKey(),
            c.traceId(),
            c.error(),
            inv.endpoint()));
  }

  /** What the client operations showed so far, for the steady-state check. */
  Evidence evidence() {
    return evidence;
  }

  /** Completions so far: ok, fail, info. */
  long[] counts() {
    return new long[] {completions[0].sum(), completions[1].sum(), completions[2].sum()};
  }

  /**
   * An inject or heal of the nemesis, stamped with the time it took effect ({@link
   * NemesisEvent#actual}, on this history's clock like client ops and probe samples), with its
   * planned time on the same clock.
   */
  public void nemesis(NemesisEvent e) {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("fault", e.step().fault().name());
    value.put("action", e.step().fault().action().kind());
    value.put("targets", e.step().fault().targets());
    value.put("plannedMs", e.planned().toMillis());
    if (e.detail() != null) {
      value.put("detail", e.detail());
    }
    String f =
        e.step().kind() == dev.firedrill.engine.plan.Plan.Step.Kind.INJECT ? "inject" : "heal";
    writer.append(
        new Op(
            0,
            e.actual().toNanos(),
            Op.NEMESIS,
            OpType.INFO,
            f,
            e.step().fault().id(),
            value,
            null,
            null,
            e.error()));
  }

  /** A probe sample. */
  void probe(ProbeSample s) {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("healthy", s.healthy());
    value.put("latencyMs", s.latency().toNanos() / 1e6);
    if (s.status() != null) {
      value.put("status", s.status());
    }
    if (s.value() != null) {
      value.put("value", s.value());
    }
    writer.append(
        new Op(
            0, now(), Op.NEMESIS, OpType.INFO, "probe", s.probe(), value, null, null, s.error()));
  }

  /** A note from the runner (abort, guardrail), so the history tells the whole story. */
  void note(String f, String message) {
    writer.append(new Op(0, now(), Op.NEMESIS, OpType.INFO, f, null, null, null, null, message));
  }

  /**
   * A note of the nemesis about a fault occurrence ({@code key}), timed now: e.g. {@code replaced}
   * (a killed pod's replacement is Ready) or {@code traffic} (what a network fault saw). See {@link
   * RunSignals#note}.
   */
  void note(String f, String key, Map<String, ?> value, String error) {
    Object v = value == null ? null : new LinkedHashMap<String, Object>(value);
    writer.append(new Op(0, now(), Op.NEMESIS, OpType.INFO, f, key, v, null, null, error));
  }
}
