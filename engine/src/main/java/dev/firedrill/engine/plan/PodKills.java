package dev.firedrill.engine.plan;

import dev.firedrill.engine.model.Pause;
import dev.firedrill.engine.model.PodKill;
import dev.firedrill.engine.model.PodKillMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * How many and which of the candidates a pod kill (or a pause) takes, by its mode, the same for
 * local processes (chosen in the plan) and for pods (chosen at inject time among the pods then
 * alive): pure and deterministic for a given seed and candidate list.
 */
public final class PodKills {

  private PodKills() {}

  /**
   * How many of {@code n} candidates: one: 1; all: n; fixed: value (at most n); fixed-percent (and
   * percent): value % of n rounded up, at least 1; random-max-percent: a percentage drawn by {@code
   * seed} from 1 to value, of n, rounded up. Zero only when {@code n} is zero.
   */
  public static int count(PodKill kill, int n, long seed) {
    return count(kill.mode(), kill.value(), n, seed);
  }

  /**
   * How many of {@code n} candidates {@code mode} with {@code value} takes (see {@link
   * #count(PodKill, int, long)}): the rule a pod kill and a pause of local processes share.
   */
  public static int count(PodKillMode mode, Integer value, int n, long seed) {
    if (n == 0) {
      return 0;
    }
    return switch (mode.canonical()) {
      case ONE -> 1;
      case ALL -> n;
      case FIXED -> Math.min(n, value);
      case FIXED_PERCENT -> percentOf(n, value);
      case RANDOM_MAX_PERCENT -> percentOf(n, drawnPercent(value, seed));
      case PERCENT -> throw new IllegalStateException("canonical() never answers percent");
    };
  }

  /**
   * {@link #count(PodKill, int, long)} for modes that draw nothing (all but random-max-percent).
   */
  public static int count(PodKill kill, int n) {
    return count(kill, n, 0);
  }

  /** The percentage random-max-percent kills with this seed: 1 to {@code max}. */
  static int drawnPercent(int max, long seed) {
    return 1 + new Random(seed ^ 0x5DEECE66DL).nextInt(Math.max(1, Math.min(100, max)));
  }

  /**
   * The candidates {@code kill} takes, chosen by {@code seed}, in the candidates' order. The same
   * seed and the same list give the same choice; callers sort candidates (pods by name) so the
   * order the API lists them in does not matter.
   */
  public static <T> List<T> choose(PodKill kill, List<T> candidates, long seed) {
    return choose(candidates, count(kill, candidates.size(), seed), seed);
  }

  /** The processes {@code pause} stops, chosen by {@code seed} in the order it names them. */
  public static List<String> choose(Pause pause, long seed) {
    List<String> pool = pause.processes();
    return choose(pool, count(pause.modeOrDefault(), pause.value(), pool.size(), seed), seed);
  }

  /** {@code count} distinct items of {@code pool}, chosen by {@code seed}, in pool order. */
  public static <T> List<T> choose(List<T> pool, int count, long seed) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < pool.size(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(seed));
    List<Integer> chosen = new ArrayList<>(order.subList(0, Math.min(count, order.size())));
    Collections.sort(chosen);
    List<T> out = new ArrayList<>();
    chosen.forEach(i -> out.add(pool.get(i)));
    return out;
  }

  private static int percentOf(int n, int percent) {
    return Math.max(1, Math.min(n, (int) Math.ceil(n * percent / 100.0)));
  }
}
