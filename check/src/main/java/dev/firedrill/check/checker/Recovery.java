package dev.firedrill.check.checker;

import dev.firedrill.check.history.History;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Recovery: after the last fault is healed, every listed probe is healthy again within {@code
 * within} and stays healthy (see {@link ProbeWindows} for the history's terms).
 *
 * <ul>
 *   <li><b>last heal</b>: the time of the last {@code heal} entry.
 *   <li><b>recovered at</b>: the time of the first sample of the final run of healthy samples after
 *       the last heal.
 *   <li><b>time to recover</b>: recovered at minus last heal.
 *   <li><b>not-recovered</b>: the probe's last sample is unhealthy, or its time to recover exceeds
 *       {@code within}. INVALID.
 *   <li><b>no-samples</b>: no heal in the history, or no sample of the probe after {@code last heal
 *       + within}: the history cannot tell. UNKNOWN.
 *   <li><b>checked</b> (the evidence count): the probes judged (sampled past the deadline). With
 *       none, and no other anomaly: UNKNOWN ({@code nothing-to-check}).
 * </ul>
 */
public record Recovery(Set<String> probes, long withinNanos) implements Checker {

  public Recovery {
    probes = Set.copyOf(probes);
  }

  @Override
  public String name() {
    return "recovery";
  }

  @Override
  public Result check(History history) {
    ProbeWindows pw = ProbeWindows.of(history, probes);
    List<Anomaly> anomalies = new ArrayList<>();
    Map<String, Object> stats = new LinkedHashMap<>();
    long checked = 0;
    stats.put(Evidence.CHECKED, 0L);
    if (pw.lastHeal() < 0) {
      return Result.of(
          name(),
          List.of(
              Anomaly.unknown(
                  "no-samples",
                  null,
                  "no fault was healed, so there is nothing to recover from",
                  List.of())),
          stats);
    }
    long deadline =
        withinNanos > Long.MAX_VALUE - pw.lastHeal() ? Long.MAX_VALUE : pw.lastHeal() + withinNanos;
    for (String probe : new TreeSet<>(probes)) {
      List<ProbeWindows.Sample> after =
          pw.samples().stream()
              .filter(s -> s.probe().equals(probe) && s.time() >= pw.lastHeal())
              .toList();
      if (after.isEmpty() || after.getLast().time() < deadline) {
        anomalies.add(
            Anomaly.unknown(
                "no-samples",
                probe,
                "probe " + probe + " has no sample after the recovery deadline",
                List.of()));
        continue;
      }
      checked++;
      int firstOfRun = after.size();
      while (firstOfRun > 0 && after.get(firstOfRun - 1).healthy()) {
        firstOfRun--;
      }
      if (firstOfRun == after.size()) {
        anomalies.add(
            Anomaly.invalid(
                "not-recovered",
                probe,
                "probe " + probe + " is still unhealthy at the end of the run",
                List.of(after.getLast().op())));
        continue;
      }
      long took = after.get(firstOfRun).time() - pw.lastHeal();
      stats.put(probe + ".timeToRecoverMs", took / 1_000_000);
      if (took > withinNanos) {
        anomalies.add(
            Anomaly.invalid(
                "not-recovered",
                probe,
                String.format(
                    "probe %s took %d ms to recover after the last heal; %d ms allowed",
                    probe, took / 1_000_000, withinNanos / 1_000_000),
                List.of(after.get(firstOfRun).op())));
      }
    }
    stats.put(Evidence.CHECKED, checked);
    return Result.of(
        name(),
        Evidence.require(checked, anomalies, "no probe is listed, so no probe was judged"),
        stats);
  }
}
