package dev.firedrill.engine.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.firedrill.check.checker.Anomaly;
import dev.firedrill.check.checker.Result;
import dev.firedrill.check.history.Op;
import dev.firedrill.engine.run.NemesisEvent;
import dev.firedrill.engine.run.RunResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code results.json}: the verdict, each invariant with its anomalies, the load and the nemesis.
 */
public final class ResultsJson {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ResultsJson() {}

  public static void write(RunResult run, Path file) throws IOException {
    JSON.writeValue(file.toFile(), tree(run));
  }

  static Map<String, Object> tree(RunResult run) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("drill", run.drill());
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
      i.put("stats", ir.result().stats());
      i.put("anomalies", ir.result().allAnomalies().stream().map(ResultsJson::anomaly).toList());
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
    return root;
  }

  private static Map<String, Object> anomaly(Anomaly a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", a.kind());
    m.put("validity", a.validity().wireName());
    m.put("key", a.key());
    m.put("explanation", a.explanation());
    m.put("ops", a.ops().stream().map(ResultsJson::op).toList());
    if (!a.details().isEmpty()) {
      m.put("details", a.details());
    }
    return m;
  }

  static Map<String, Object> op(Op o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("index", o.index());
    m.put("timeMs", o.time() / 1e6);
    m.put("process", o.processName());
    m.put("type", o.type().wireName());
    m.put("f", o.f());
    m.put("key", o.key());
    m.put("value", o.value());
    m.put("idempotencyKey", o.idempotencyKey());
    m.put("traceId", o.traceId());
    m.put("error", o.error());
    return m;
  }

  /** Used by the JUnit and HTML reports too. */
  static List<Anomaly> anomalies(Result r) {
    return r.allAnomalies();
  }
}
