package dev.firedrill.check.checker;

import dev.firedrill.check.history.History;
import dev.firedrill.check.history.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the probe invariants read from a history: the probe samples and the fault windows, both
 * recorded by the nemesis process as {@code info} entries.
 *
 * <ul>
 *   <li>A <b>probe sample</b> is an entry with {@code f = "probe"}, the probe's name as key and a
 *       value map with {@code healthy} (boolean) and {@code latencyMs} (number).
 *   <li>A fault is <b>injected</b> by an entry with {@code f = "inject"} and <b>healed</b> by one
 *       with {@code f = "heal"}, both keyed by the fault occurrence ({@code name#n}).
 *   <li>A <b>fault window</b> runs from an inject to the heal with its key; an inject with no heal
 *       (an instantaneous pod kill) opens a window of {@link #INSTANT_WINDOW_NANOS}.
 * </ul>
 */
record ProbeWindows(List<Sample> samples, List<long[]> windows, long lastHeal) {

  /** How long an instantaneous fault (a kill) counts as active: 10 s. */
  static final long INSTANT_WINDOW_NANOS = 10_000_000_000L;

  /** One probe sample. */
  record Sample(Op op, String probe, long time, boolean healthy, double latencyMs) {}

  static ProbeWindows of(History history, Set<String> probes) {
    List<Sample> samples = new ArrayList<>();
    Map<String, Long> open = new HashMap<>();
    List<long[]> windows = new ArrayList<>();
    long lastHeal = -1;
    for (Op op : history.ops()) {
      if (!op.isNemesis()) {
        continue;
      }
      switch (op.f()) {
        case "probe" -> {
          if (probes.contains(op.key()) && op.value() instanceof Map<?, ?> v) {
            boolean healthy = Boolean.TRUE.equals(v.get("healthy"));
            double latency = v.get("latencyMs") instanceof Number n ? n.doubleValue() : 0;
            samples.add(new Sample(op, op.key(), op.time(), healthy, latency));
          }
        }
        case "inject" -> open.put(op.key(), op.time());
        case "heal" -> {
          Long start = open.remove(op.key());
          windows.add(new long[] {start == null ? op.time() : start, op.time()});
          lastHeal = Math.max(lastHeal, op.time());
        }
        default -> {}
      }
    }
    open.values().forEach(start -> windows.add(new long[] {start, start + INSTANT_WINDOW_NANOS}));
    return new ProbeWindows(samples, windows, lastHeal);
  }

  boolean duringFault(long time) {
    for (long[] w : windows) {
      if (time >= w[0] && time <= w[1]) {
        return true;
      }
    }
    return false;
  }
}
