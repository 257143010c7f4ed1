package dev.firedrill.engine.plan;

import dev.firedrill.engine.model.PodKill;

/** How many of {@code n} candidates a pod kill takes, by its mode. */
public final class PodKills {

  private PodKills() {}

  /** one: 1; all: n; fixed: value (at most n); percent: value % of n rounded up, at least 1. */
  public static int count(PodKill kill, int n) {
    if (n == 0) {
      return 0;
    }
    return switch (kill.mode()) {
      case ONE -> 1;
      case ALL -> n;
      case FIXED -> Math.min(n, kill.value());
      case PERCENT -> Math.max(1, Math.min(n, (int) Math.ceil(n * kill.value() / 100.0)));
    };
  }
}
