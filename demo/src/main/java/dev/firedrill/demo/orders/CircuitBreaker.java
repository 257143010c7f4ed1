package dev.firedrill.demo.orders;

import java.util.function.LongSupplier;

/**
 * Opens after {@code threshold} consecutive failures and rejects calls for {@code coolDownMillis};
 * then lets calls through again, and the next failure opens it at once (half-open). A success
 * closes it.
 */
final class CircuitBreaker {
  private final int threshold;
  private final long coolDownMillis;
  private final LongSupplier clockMillis;
  private int consecutiveFailures;
  private long openUntil;

  CircuitBreaker(int threshold, long coolDownMillis, LongSupplier clockMillis) {
    this.threshold = threshold;
    this.coolDownMillis = coolDownMillis;
    this.clockMillis = clockMillis;
  }

  /** Whether a call may be made now. */
  synchronized boolean allows() {
    return clockMillis.getAsLong() >= openUntil;
  }

  synchronized void success() {
    consecutiveFailures = 0;
    openUntil = 0;
  }

  synchronized void failure() {
    consecutiveFailures++;
    if (consecutiveFailures >= threshold) {
      openUntil = clockMillis.getAsLong() + coolDownMillis;
    }
  }
}
