package dev.firedrill.engine.validate;

import dev.firedrill.engine.model.ClockSkew;
import java.time.Duration;

/**
 * The rules of one {@code clockSkew}, part of {@link TimelineRules}: its processes are the drill's,
 * it moves the clock at all, and a drift never stops or reverses it (a clock that loses a second or
 * more every second).
 */
final class ClockSkewRules {

  private ClockSkewRules() {}

  static void check(RuleContext ctx, String base, ClockSkew skew) {
    TimelineRules.processes(ctx, base + ".processes", skew.processes());
    if (!ClockSkew.isSigned(skew.offset())
        || (skew.drift() != null && !ClockSkew.isSigned(skew.drift()))) {
      return; // the structure check reports the pattern
    }
    Duration drift = skew.driftPerSecond();
    if (skew.offsetDuration().isZero() && drift.isZero()) {
      ctx.problem(
          base + ".offset",
          "an offset of zero and no drift leaves the clock alone",
          "give an offset such as -30s or +2m, or a drift such as 100ms");
    }
    if (drift.compareTo(Duration.ofSeconds(-1)) <= 0) {
      ctx.problem(
          base + ".drift",
          "a drift of "
              + skew.drift()
              + " per second stops the clock or runs it backwards; libfaketime cannot heal"
              + " that smoothly",
          "use a drift above -1s, e.g. -500ms (the clock runs at half speed)");
    }
  }
}
