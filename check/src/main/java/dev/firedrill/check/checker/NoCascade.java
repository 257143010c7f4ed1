package dev.firedrill.check.checker;

import dev.firedrill.check.history.History;
import dev.firedrill.check.history.Op;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * No cascade: services that were not faulted keep working while faults are active. Judged from the
 * samples of the listed probes (see {@link ProbeWindows} for the history's terms).
 *
 * <ul>
 *   <li>A sample is <b>bad</b> when it is unhealthy, or slower than {@code maxLatencyMs}.
 *   <li>The <b>error rate</b> of a probe is its share of bad samples taken inside fault windows.
 *   <li><b>cascade</b>: a probe whose error rate exceeds {@code maxErrorRate}: the fault spread
 *       beyond the faulted service. INVALID, with the first bad samples.
 *   <li><b>no-samples</b>: a probe with no sample inside any fault window. UNKNOWN.
 *   <li><b>checked</b> (the evidence count): the samples taken inside fault windows, all probes
 *       together. With none, and no other anomaly: UNKNOWN ({@code nothing-to-check}).
 * </ul>
 *
 * @param probes the probes on services that were not faulted
 * @param maxErrorRate the share of bad samples allowed, 0 to 1
 * @param maxLatencyMs the slowest acceptable sample, or null for no bound beyond the probe's own
 */
public record NoCascade(Set<String> probes, double maxErrorRate, Double maxLatencyMs)
    implements Checker {

  public NoCascade {
    probes = Set.copyOf(probes);
  }

  @Override
  public String name() {
    return "no-cascade";
  }

  @Override
  public Result check(History history) {
    ProbeWindows pw = ProbeWindows.of(history, probes);
    List<Anomaly> anomalies = new ArrayList<>();
    Map<String, Object> stats = new LinkedHashMap<>();
    long checked = 0;
    stats.put(Evidence.CHECKED, 0L);
    for (String probe : new TreeSet<>(probes)) {
      List<ProbeWindows.Sample> during =
          pw.samples().stream()
              .filter(s -> s.probe().equals(probe) && pw.duringFault(s.time()))
              .toList();
      if (during.isEmpty()) {
        anomalies.add(
            Anomaly.unknown(
                "no-samples",
                probe,
                "probe " + probe + " has no sample while a fault was active",
                List.of()));
        continue;
      }
      checked += during.size();
      List<ProbeWindows.Sample> bad = during.stream().filter(this::bad).toList();
      double rate = (double) bad.size() / during.size();
      stats.put(probe + ".errorRate", rate);
      stats.put(probe + ".samplesDuringFaults", during.size());
      if (rate > maxErrorRate) {
        List<Op> evidence = bad.stream().limit(5).map(ProbeWindows.Sample::op).toList();
        anomalies.add(
            Anomaly.invalid(
                "cascade",
                probe,
                String.format(
                    "probe %s was bad in %d of %d samples (%.0f%%) while faults were active; at most %.0f%% allowed",
                    probe, bad.size(), during.size(), rate * 100, maxErrorRate * 100),
                evidence));
      }
    }
    stats.put(Evidence.CHECKED, checked);
    return Result.of(
        name(),
        Evidence.require(checked, anomalies, "no probe is listed, so no sample was judged"),
        stats);
  }

  private boolean bad(ProbeWindows.Sample s) {
    return !s.healthy() || (maxLatencyMs != null && s.latencyMs() > maxLatencyMs);
  }
}
