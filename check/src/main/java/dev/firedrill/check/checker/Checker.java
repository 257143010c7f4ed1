package dev.firedrill.check.checker;

import dev.firedrill.check.history.History;

/**
 * An invariant, decided from a history alone. Implementations are pure: same history, same result;
 * no clock, no I/O, no shared state. A checker that needs a final read and finds none answers
 * UNKNOWN, never VALID.
 */
public interface Checker {

  /** A short name for reports: {@code no-lost-writes}, {@code linearizable}, ... */
  String name();

  /** Decides the invariant on this history. */
  Result check(History history);
}
