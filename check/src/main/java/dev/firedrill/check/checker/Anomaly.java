package dev.firedrill.check.checker;

import dev.firedrill.check.history.Op;
import java.util.List;
import java.util.Map;

/**
 * One thing a checker found, with its evidence. The kind is a short lowercase name documented with
 * its checker in docs/checkers.md ({@code lost}, {@code duplicate}, {@code regression}, ...); it is
 * a string, not an enum, because each checker owns its kinds. The validity says what the anomaly
 * does to the verdict: INVALID (a violation), UNKNOWN (it leaves the invariant undecided, e.g.
 * {@code never-read}) or VALID (a legal fact worth showing, e.g. a stale read under set semantics).
 *
 * @param kind the anomaly kind
 * @param validity what it implies for the verdict
 * @param key the entity involved, or null
 * @param explanation one readable sentence, naming op indices
 * @param ops the evidence: the ops involved (index, time, process, idempotency key, trace id)
 * @param details further facts (element, expected and observed values, times), never null
 */
public record Anomaly(
    String kind,
    Validity validity,
    String key,
    String explanation,
    List<Op> ops,
    Map<String, Object> details) {

  public Anomaly {
    ops = List.copyOf(ops);
    details = details == null ? Map.of() : java.util.Collections.unmodifiableMap(details);
  }

  /** A violation. */
  public static Anomaly invalid(String kind, String key, String explanation, List<Op> ops) {
    return new Anomaly(kind, Validity.INVALID, key, explanation, ops, Map.of());
  }

  /** A fact that leaves the invariant undecided. */
  public static Anomaly unknown(String kind, String key, String explanation, List<Op> ops) {
    return new Anomaly(kind, Validity.UNKNOWN, key, explanation, ops, Map.of());
  }

  /** A copy with these details. */
  public Anomaly with(Map<String, Object> moreDetails) {
    return new Anomaly(kind, validity, key, explanation, ops, moreDetails);
  }
}
