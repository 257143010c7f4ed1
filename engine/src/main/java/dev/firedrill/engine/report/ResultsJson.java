package dev.firedrill.engine.report;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.firedrill.check.checker.Anomaly;
import dev.firedrill.check.checker.Result;
import dev.firedrill.check.checker.Validity;
import dev.firedrill.check.history.History;
import dev.firedrill.check.history.Op;
import dev.firedrill.engine.run.NemesisEvent;
import dev.firedrill.engine.run.RunResult;
import dev.firedrill.engine.step.StepOutcome;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code results.json}: the verdict, each invariant with its evidence and anomalies, the load and
 * the nemesis. Each invariant says how much its checker saw ({@code stats.checked} and the rest)
 * and whether its validity decided anything ({@code decided}: false when the run ended Error or
 * Aborted, since what it saw then is no test of the system). An anomaly's operations come in the
 * order they were invoked, each with when it was invoked and completed ({@code invokedMs}, {@code
 * completedMs}, null when it never completed), on the history's clock. Besides the control
 * characters JSON requires escaped, DEL, the C1 controls, the Unicode line separators, the
 * bidirectional overrides and every surrogate are written as backslash-u escapes, so a {@code cat}
 * of the file shows what a system under test sent rather than acting on it.
 */
public final class ResultsJson {

  private static final ObjectMapper JSON = mapper();

  private ResultsJson() {}

  /** The mapper every results.json is written with: indented, with {@link SafeEscapes}. */
  static ObjectMapper mapper() {
    ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    m.getFactory().setCharacterEscapes(new SafeEscapes());
    return m;
  }

  public static void write(RunResult run, Path file) throws IOException {
    write(run, null, file);
  }

  /** With the history, the anomalies' operations carry both their times and come sorted. */
  public static void write(RunResult run, History history, Path file) throws IOException {
    JSON.writeValue(file.toFile(), tree(run, OpTimes.of(run, history)));
  }

  static Map<String, Object> tree(RunResult run) {
    return tree(run, OpTimes.of(run, null));
  }

  static Map<String, Object> tree(RunResult run, OpTimes times) {
    boolean decided = Reports.decides(run.verdict());
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("drill", run.drill());
    if (run.description() != null) {
      root.put("description", run.description());
    }
    root.put("seed", run.seed());
    root.put("runId", run.runId());
    root.put("verdict", Reports.verdictName(run.verdict()));
    root.put("exitCode", run.verdict().exitCode());
    if (run.message() != null) {
      root.put("message", run.message());
    }
    root.put("elapsedMs", run.elapsed().toMillis());
    root.put("load", run.load());
    List<Object> invariants = new ArrayList<>();
    for (RunResult.InvariantResult ir : run.invariants()) {
      Map<String, Object> i = new LinkedHashMap<>();
      i.put("invariant", Reports.invariantName(ir.invariant()));
      i.put("checker", ir.result().checker());
      i.put("validity", ir.result().validity().wireName());
      i.put("decided", decided || ir.result().validity() == Validity.INVALID);
      i.put("stats", ir.result().stats());
      i.put("anomalies", ir.result().allAnomalies().stream().map(a -> anomaly(a, times)).toList());
      invariants.add(i);
    }
    root.put("invariants", invariants);
    List<Object> nemesis = new ArrayList<>();
    for (NemesisEvent e : run.nemesis()) {
      Map<String, Object> n = new LinkedHashMap<>();
      n.put("step", e.step().kind().name().toLowerCase());
      n.put("fault", e.step().fault().id());
      n.put("plannedMs", e.planned().toMillis());
      n.put("actualMs", e.actual().toNanos() / 1e6);
      n.put("detail", e.detail());
      n.put("error", e.error());
      nemesis.add(n);
    }
    root.put("nemesis", nemesis);
    root.put("ledger", run.ledger());
    if (!run.steps().isEmpty()) {
      root.put("steps", run.steps().stream().map(ResultsJson::step).toList());
    }
    return root;
  }

  private static Map<String, Object> step(StepOutcome o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("phase", o.phase());
    m.put("name", o.name());
    m.put("kind", o.kind());
    m.put("ok", o.ok());
    m.put("detail", o.detail());
    m.put("elapsedMs", o.elapsed().toMillis());
    if (!o.ok()) {
      m.put("error", o.error());
      m.put("output", o.output());
    }
    return m;
  }

  private static Map<String, Object> anomaly(Anomaly a, OpTimes times) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", a.kind());
    m.put("validity", a.validity().wireName());
    m.put("key", a.key());
    m.put("explanation", a.explanation());
    m.put("ops", times.sorted(a.ops()).stream().map(o -> op(o, times.span(o))).toList());
    if (!a.details().isEmpty()) {
      m.put("details", a.details());
    }
    return m;
  }

  static Map<String, Object> op(Op o, OpTimes.Span span) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("index", o.index());
    m.put("timeMs", o.time() / 1e6);
    m.put("invokedMs", span.invoked() / 1e6);
    m.put("completedMs", span.completed() == null ? null : span.completed() / 1e6);
    m.put("process", o.processName());
    m.put("type", o.type().wireName());
    m.put("f", o.f());
    m.put("key", o.key());
    m.put("value", o.value());
    m.put("idempotencyKey", o.idempotencyKey());
    m.put("traceId", o.traceId());
    m.put("error", o.error());
    if (o.endpoint() != null) {
      m.put("endpoint", o.endpoint()); // only workloads over several endpoints record one
    }
    return m;
  }

  /** Used by the JUnit and HTML reports too. */
  static List<Anomaly> anomalies(Result r) {
    return r.allAnomalies();
  }

  /**
   * JSON's own escapes, plus a backslash-u escape for DEL and every character {@link SafeText}
   * escapes, and for each surrogate (a pair then reads as two escapes, which JSON readers join).
   */
  static final class SafeEscapes extends CharacterEscapes {
    private final int[] ascii = standardAsciiEscapesForJSON();

    SafeEscapes() {
      ascii[0x7f] = ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      char c = (char) ch;
      return SafeText.unsafe(c) || Character.isSurrogate(c)
          ? new SerializedString(String.format("\\u%04X", ch))
          : null;
    }
  }
}
