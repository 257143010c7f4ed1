package dev.firedrill.check.checker;

import java.util.Locale;

/**
 * A checker's verdict on a history. {@link #UNKNOWN} means the history cannot establish the
 * invariant either way: no final read, an exhausted search budget. Declared in increasing severity,
 * so composing verdicts is taking the maximum: INVALID > UNKNOWN > VALID.
 */
public enum Validity {
  VALID,
  UNKNOWN,
  INVALID;

  /** The more severe of the two. */
  public Validity and(Validity other) {
    return compareTo(other) >= 0 ? this : other;
  }

  /** {@code valid}, {@code unknown} or {@code invalid}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
