package dev.firedrill.check.checker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a checker says how much it saw. Each puts {@value #CHECKED} first in its stats; when that is
 * 0 and nothing else made the result INVALID or UNKNOWN, the result gets a {@code nothing-to-check}
 * anomaly (UNKNOWN) that says what was missing, so that VALID always means "checked and held".
 */
final class Evidence {
  /** The stats key of the evidence count, common to every checker. */
  static final String CHECKED = "checked";

  /** The anomaly kind of a result with no evidence. */
  static final String NOTHING = "nothing-to-check";

  private Evidence() {}

  /**
   * The anomalies, plus {@code nothing-to-check} when {@code checked} is 0 and the anomalies alone
   * would make the result VALID.
   *
   * @param missing what the history lacked, e.g. "no acknowledged add and no ok read of a set"
   */
  static List<Anomaly> require(long checked, List<Anomaly> anomalies, String missing) {
    if (checked > 0) {
      return anomalies;
    }
    for (Anomaly a : anomalies) {
      if (a.validity() != Validity.VALID) {
        return anomalies;
      }
    }
    List<Anomaly> out = new ArrayList<>(anomalies);
    out.add(
        new Anomaly(
            NOTHING, Validity.UNKNOWN, null, "nothing to check: " + missing, List.of(), Map.of()));
    return out;
  }
}
