package dev.firedrill.cli;

import dev.firedrill.check.checker.Anomaly;
import dev.firedrill.check.checker.Result;
import dev.firedrill.check.history.Op;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code --json} report of {@code firedrill check}: plain maps, stable field order. */
final class CheckJson {
  private CheckJson() {}

  static Map<String, Object> report(Path file, String model, Result result) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("file", file.toString());
    m.put("model", model);
    m.put("validity", result.validity().wireName());
    m.put("result", result(result));
    return m;
  }

  static Map<String, Object> result(Result r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("checker", r.checker());
    m.put("validity", r.validity().wireName());
    m.put("anomalies", r.anomalies().stream().map(CheckJson::anomaly).toList());
    m.put("stats", r.stats());
    if (!r.children().isEmpty()) {
      m.put("children", r.children().stream().map(CheckJson::result).toList());
    }
    return m;
  }

  private static Map<String, Object> anomaly(Anomaly a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", a.kind());
    m.put("validity", a.validity().wireName());
    if (a.key() != null) {
      m.put("key", a.key());
    }
    m.put("explanation", a.explanation());
    m.put("ops", a.ops().stream().map(CheckJson::op).toList());
    m.put("details", a.details());
    return m;
  }

  /** An op with the fields and names of the JSONL history. */
  static Map<String, Object> op(Op op) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("index", op.index());
    m.put("time", op.time());
    m.put("process", op.isNemesis() ? "nemesis" : op.process());
    m.put("type", op.type().wireName());
    m.put("f", op.f());
    m.put("key", op.key());
    m.put("value", op.value());
    m.put("idempotencyKey", op.idempotencyKey());
    m.put("traceId", op.traceId());
    m.put("error", op.error());
    m.values().removeIf(java.util.Objects::isNull);
    return m;
  }
}
