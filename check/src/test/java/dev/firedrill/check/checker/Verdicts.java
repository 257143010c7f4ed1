package dev.firedrill.check.checker;

import dev.firedrill.check.history.Op;
import java.util.List;

/** Compact views of results for assertions: "kind[validity] ops=[1, 3]". */
final class Verdicts {
  private Verdicts() {}

  static List<String> summary(Result r) {
    return r.allAnomalies().stream()
        .map(a ->
            a.kind()
                + "["
                + a.validity().wireName()
                + "]"
                + (a.key() == null ? "" : " key=" + a.key())
                + " ops="
                + a.ops().stream().map(Op::index).toList())
        .toList();
  }
}
