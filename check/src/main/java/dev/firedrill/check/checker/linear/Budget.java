package dev.firedrill.check.checker.linear;

import java.time.Duration;

/**
 * Limits on a linearizability search, which is NP-complete in general: past either limit the answer
 * is UNKNOWN rather than a long wait or an out-of-memory error.
 *
 * @param time wall-clock time for the whole check (all keys)
 * @param cacheBytes estimated memory for the cache of visited configurations
 */
public record Budget(Duration time, long cacheBytes) {

  /** 60 s and a quarter of the maximum heap. */
  public static Budget standard() {
    return new Budget(Duration.ofSeconds(60), Runtime.getRuntime().maxMemory() / 4);
  }
}
