package dev.firedrill.check.checker;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a checker concluded. The validity is the most severe of the anomalies' validities and the
 * children's (VALID when there are none); stats are counts and latencies worth showing, in a stable
 * order.
 *
 * @param checker the checker's name
 * @param validity the verdict
 * @param anomalies what was found, in the order found
 * @param stats counts and measurements (numbers, strings, lists), never null
 * @param children the results this one composes (see {@link Compose}), never null
 */
public record Result(
    String checker,
    Validity validity,
    List<Anomaly> anomalies,
    Map<String, Object> stats,
    List<Result> children) {

  public Result {
    anomalies = List.copyOf(anomalies);
    stats = Collections.unmodifiableMap(new LinkedHashMap<>(stats));
    children = List.copyOf(children);
  }

  /** A result whose validity follows from its anomalies. */
  public static Result of(String checker, List<Anomaly> anomalies, Map<String, Object> stats) {
    Validity v = Validity.VALID;
    for (Anomaly a : anomalies) {
      v = v.and(a.validity());
    }
    return new Result(checker, v, anomalies, stats, List.of());
  }

  /** Every anomaly, this result's and its children's, depth first. */
  public List<Anomaly> allAnomalies() {
    List<Anomaly> out = new ArrayList<>(anomalies);
    children.forEach(c -> out.addAll(c.allAnomalies()));
    return out;
  }

  /** The anomalies of this kind, children included. */
  public List<Anomaly> anomalies(String kind) {
    return allAnomalies().stream().filter(a -> a.kind().equals(kind)).toList();
  }
}
