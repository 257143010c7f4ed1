package dev.firedrill.check.checker;

import dev.firedrill.check.history.History;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Recovery: after the last fault is healed, every listed probe is good again within {@code within}
 * and stays good, but for at most {@code maxErrorRate} of its later samples (see {@link
 * ProbeWindows} for the history's terms).
 *
 * <ul>
 *   <li>A sample is <b>bad</b> when it is unhealthy, or slower than {@code maxLatencyMs} (when
 *       given); else it is <b>good</b> — the same terms as {@link NoCascade}'s.
 *   <li><b>last heal</b>: the time of the last {@code heal} entry or the last end of a kill (a kill
 *       has no heal: it ends when the process it killed is ready again or a replacement pod is
 *       Ready, see {@link ProbeWindows}).
 *   <li><b>recovered at</b>: the time of the earliest good sample after the last heal from which on
 *       (that sample and every later one of the probe) at most {@code maxErrorRate} of the samples
 *       are bad. With {@code maxErrorRate} 0, the default, that is the first sample of the final
 *       run of good samples: the probe stays good from then on.
 *   <li><b>time to recover</b>: recovered at minus last heal.
 *   <li><b>not-recovered</b>: no sample qualifies as recovered at (e.g. the last sample is bad and
 *       {@code maxErrorRate} is 0), or the time to recover exceeds {@code within}. INVALID.
 *   <li><b>no-samples</b>: no heal or kill end in the history, or no sample of the probe after
 *       {@code last heal + within}: the history cannot tell. UNKNOWN.
 *   <li><b>kill-not-ended</b>: a kill never ended (its restart failed, or no replacement was Ready
 *       by the end of the run), so there is no time to recover from. UNKNOWN; no probe is judged.
 *   <li><b>checked</b> (the evidence count): the probes judged (sampled past the deadline). With
 *       none, and no other anomaly: UNKNOWN ({@code nothing-to-check}).
 * </ul>
 *
 * <p>Stats per probe: {@code timeToRecoverMs}, and {@code errorRateAfterRecovery}, the share of bad
 * samples from recovered at on.
 *
 * @param probes the probes that must recover
 * @param withinNanos the time allowed from the last heal to recovered at
 * @param maxErrorRate the share of bad samples allowed from recovered at on, 0 to 1
 * @param maxLatencyMs the slowest good sample, or null for no bound beyond the probe's own
 */
public record Recovery(
    Set<String> probes, long withinNanos, double maxErrorRate, Double maxLatencyMs)
    implements Checker {

  public Recovery {
    probes = Set.copyOf(probes);
  }

  /** Recovery with no bad sample allowed after it and no latency bound of its own. */
  public Recovery(Set<String> probes, long withinNanos) {
    this(probes, withinNanos, 0.0, null);
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
    if (!pw.unended().isEmpty()) {
      return Result.of(
          name(),
          pw.unended().stream()
              .map(k ->
                  Anomaly.unknown(
                      "kill-not-ended",
                      null,
                      "kill "
                          + k
                          + " never ended (its restart failed, or no replacement was Ready),"
                          + " so recovery cannot be timed",
                      List.of()))
              .toList(),
          stats);
    }
    if (pw.lastHeal() < 0) {
      return Result.of(
          name(),
          List.of(
              Anomaly.unknown(
                  "no-samples",
                  null,
                  "no fault was healed and no kill ended, so there is nothing to recover from",
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
      judge(probe, after, pw.lastHeal(), anomalies, stats);
    }
    stats.put(Evidence.CHECKED, checked);
    return Result.of(
        name(),
        Evidence.require(checked, anomalies, "no probe is listed, so no probe was judged"),
        stats);
  }

  private void judge(
      String probe,
      List<ProbeWindows.Sample> after,
      long lastHeal,
      List<Anomaly> anomalies,
      Map<String, Object> stats) {
    int recovered = recoveredAt(after);
    if (recovered < 0) {
      anomalies.add(
          Anomaly.invalid(
              "not-recovered",
              probe,
              "probe " + probe + " is still " + badWord() + " at the end of the run" + allowed(),
              List.of(after.getLast().op())));
      return;
    }
    long took = after.get(recovered).time() - lastHeal;
    stats.put(probe + ".timeToRecoverMs", took / 1_000_000);
    stats.put(probe + ".errorRateAfterRecovery", rate(after.subList(recovered, after.size())));
    if (took > withinNanos) {
      anomalies.add(
          Anomaly.invalid(
              "not-recovered",
              probe,
              String.format(
                  "probe %s took %d ms to recover after the last heal; %d ms allowed",
                  probe, took / 1_000_000, withinNanos / 1_000_000),
              List.of(after.get(recovered).op())));
    }
  }

  /** The index of recovered at in {@code after}, or -1: one pass from the end, suffix counts. */
  private int recoveredAt(List<ProbeWindows.Sample> after) {
    int found = -1;
    long bad = 0;
    for (int i = after.size() - 1; i >= 0; i--) {
      boolean isBad = bad(after.get(i));
      if (isBad) {
        bad++;
      }
      if (!isBad && (double) bad / (after.size() - i) <= maxErrorRate) {
        found = i;
      }
    }
    return found;
  }

  private double rate(List<ProbeWindows.Sample> samples) {
    return (double) samples.stream().filter(this::bad).count() / samples.size();
  }

  private boolean bad(ProbeWindows.Sample s) {
    return !s.healthy() || (maxLatencyMs != null && s.latencyMs() > maxLatencyMs);
  }

  private String badWord() {
    return maxLatencyMs == null
        ? "unhealthy"
        : String.format(Locale.ROOT, "unhealthy or slower than %.0f ms", maxLatencyMs);
  }

  private String allowed() {
    return maxErrorRate == 0
        ? ""
        : String.format(
            Locale.ROOT,
            " (no good sample is followed by at most %.0f%% bad samples)",
            maxErrorRate * 100);
  }
}
