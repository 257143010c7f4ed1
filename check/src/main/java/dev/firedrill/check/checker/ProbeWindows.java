package dev.firedrill.check.checker;

import dev.firedrill.check.history.History;
import dev.firedrill.check.history.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
 *   <li>A <b>kill</b> is an inject whose value names the action {@code podKill} and has no error
 *       (an inject with an error did not happen). It has no heal: it <b>ends</b> when what it
 *       killed is back — at the last {@code restarted} note of its key once every process in its
 *       {@code targets} has one (local runs), or at the last {@code replaced} note of its key
 *       (cluster runs: a replacement pod was Ready). A kill with a {@code restart} or {@code
 *       replaced} note that carries an error (the restart failed, no replacement was Ready), or
 *       with no such note at all, <b>never ended</b>.
 *   <li><b>last heal</b>: the latest heal or kill end; -1 when there is neither.
 * </ul>
 */
record ProbeWindows(
    List<Sample> samples, List<long[]> windows, long lastHeal, List<String> unended) {

  /** How long an instantaneous fault (a kill) counts as active: 10 s. */
  static final long INSTANT_WINDOW_NANOS = 10_000_000_000L;

  /** The nemesis note of a local kill's process that is ready again. */
  static final String RESTARTED = "restarted";

  /** The nemesis note of a local restart (with an error: it failed). */
  static final String RESTART = "restart";

  /** The nemesis note of a cluster kill's replacement that is Ready (with an error: none was). */
  static final String REPLACED = "replaced";

  /** One probe sample. */
  record Sample(Op op, String probe, long time, boolean healthy, double latencyMs) {}

  static ProbeWindows of(History history, Set<String> probes) {
    List<Sample> samples = new ArrayList<>();
    Map<String, Long> open = new HashMap<>();
    Map<String, Kill> kills = new LinkedHashMap<>();
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
        case "inject" -> {
          open.put(op.key(), op.time());
          if (op.error() == null
              && op.value() instanceof Map<?, ?> v
              && "podKill".equals(v.get("action"))) {
            kills.put(op.key(), new Kill(targets(v.get("targets"))));
          }
        }
        case "heal" -> {
          Long start = open.remove(op.key());
          windows.add(new long[] {start == null ? op.time() : start, op.time()});
          lastHeal = Math.max(lastHeal, op.time());
        }
        case RESTARTED, RESTART, REPLACED -> {
          Kill kill = kills.get(op.key());
          if (kill != null) {
            kill.note(op);
          }
        }
        default -> {}
      }
    }
    open.values().forEach(start -> windows.add(new long[] {start, start + INSTANT_WINDOW_NANOS}));
    List<String> unended = new ArrayList<>();
    for (Map.Entry<String, Kill> k : kills.entrySet()) {
      long end = k.getValue().end();
      if (end < 0) {
        unended.add(k.getKey());
      } else {
        lastHeal = Math.max(lastHeal, end);
      }
    }
    return new ProbeWindows(samples, windows, lastHeal, List.copyOf(unended));
  }

  private static Set<String> targets(Object value) {
    Set<String> targets = new HashSet<>();
    if (value instanceof List<?> list) {
      list.forEach(t -> targets.add(String.valueOf(t)));
    }
    return targets;
  }

  boolean duringFault(long time) {
    for (long[] w : windows) {
      if (time >= w[0] && time <= w[1]) {
        return true;
      }
    }
    return false;
  }

  /** A kill's ready notes so far: which targets are back, when the last came, and any failure. */
  private static final class Kill {
    private final Set<String> waiting;
    private final boolean local;
    private boolean failed;
    private long lastReady = -1;

    Kill(Set<String> targets) {
      this.waiting = targets;
      this.local = !targets.isEmpty();
    }

    void note(Op op) {
      if (op.error() != null) {
        failed = true;
        return;
      }
      boolean ready = op.f().equals(local ? RESTARTED : REPLACED);
      if (!ready) {
        return;
      }
      if (local && op.value() instanceof Map<?, ?> v && v.get("process") != null) {
        waiting.remove(String.valueOf(v.get("process")));
      } else if (local) {
        return;
      }
      lastReady = Math.max(lastReady, op.time());
    }

    /** When the kill ended, or -1 when it never did. */
    long end() {
      return failed || (local && !waiting.isEmpty()) ? -1 : lastReady;
    }
  }
}
