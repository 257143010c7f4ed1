package dev.firedrill.check.checker.linear;

import java.time.Duration;

/**
 * Limits on a linearizability search, which is NP-complete in general: past either limit the answer
 * is UNKNOWN rather than a long wait or an out-of-memory error.
 *
 * @param time wall-clock time for the whole check (all keys)
 * @param cacheBytes estimated memory for the cache of visited configurations (shared by the keys
 *     searched side by side)
 */
public record Budget(Duration time, long cacheBytes) {

  /** The time limit when none is given: 60 s. */
  public static final Duration STANDARD_TIME = Duration.ofSeconds(60);

  /** 60 s and a quarter of the maximum heap. */
  public static Budget standard() {
    return of(STANDARD_TIME);
  }

  /** This much time and a quarter of the maximum heap. */
  public static Budget of(Duration time) {
    return new Budget(time, Runtime.getRuntime().maxMemory() / 4);
  }

  /**
   * The {@link System#nanoTime()} after which a search that starts at {@code now} gives up; a time
   * too long to add (centuries) never runs out.
   */
  public long deadline(long now) {
    try {
      return Math.addExact(now, time.toNanos());
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
