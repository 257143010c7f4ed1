package dev.firedrill.check.checker;

import dev.firedrill.check.history.Op;
import java.util.Collection;

/** How anomalies name ops in their explanations: "op 7 (p2 ok write 3, t=1.204 ms)". */
final class Explain {
  private Explain() {}

  static String op(Op op) {
    StringBuilder s = new StringBuilder("op ").append(op.index()).append(" (");
    s.append(op.processName()).append(' ').append(op.type().wireName()).append(' ');
    s.append(op.f());
    if (op.value() != null) {
      s.append(' ').append(shorten(op.value()));
    }
    s.append(", t=").append(millis(op.time()));
    if (op.idempotencyKey() != null) {
      s.append(", idempotency key ").append(op.idempotencyKey());
    }
    if (op.traceId() != null) {
      s.append(", trace ").append(op.traceId());
    }
    if (op.endpoint() != null) {
      s.append(", at ").append(op.endpoint());
    }
    return s.append(')').toString();
  }

  static String millis(long nanos) {
    return String.format(java.util.Locale.ROOT, "%.3f ms", nanos / 1e6);
  }

  static String shorten(Object value) {
    if (value instanceof Collection<?> c && c.size() > 8) {
      return "[" + c.size() + " elements]";
    }
    return String.valueOf(value);
  }

  static String keyed(String key) {
    return key == null ? "" : "key " + key + ": ";
  }
}
