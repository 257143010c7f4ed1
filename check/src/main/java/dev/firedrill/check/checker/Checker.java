package dev.firedrill.check.checker;

import dev.firedrill.check.history.History;
import java.util.Set;

/**
 * An invariant, decided from a history alone. Implementations are pure: same history, same result;
 * no clock, no I/O, no shared state. A checker never answers VALID about nothing: with no evidence
 * (its {@value Evidence#CHECKED} count is 0) it answers UNKNOWN ({@code nothing-to-check}), and a
 * checker that needs a final read and finds none answers UNKNOWN too.
 *
 * <p>Every result's stats hold {@value Evidence#CHECKED}: how many units of evidence the checker
 * judged (its Javadoc says which: elements, reads, observations, samples).
 */
public interface Checker {

  /** A short name for reports: {@code no-lost-writes}, {@code linearizable}, ... */
  String name();

  /** Decides the invariant on this history. */
  Result check(History history);

  /**
   * The {@code f} names of the client operations this checker reads; it ignores every other client
   * operation. Empty for a checker that reads no client operation (the probe invariants read the
   * nemesis's samples and fault windows).
   */
  default Set<String> reads() {
    return Set.of();
  }
}
