package dev.firedrill.check.checker.linear;

import dev.firedrill.check.history.Operation;

/**
 * A register operation prepared for the search: values interned to ints ({@link #NIL} for nil),
 * with the history positions of its call and return.
 *
 * @param kind read, write, cas or append
 * @param a the value read, the value written or appended, or the expected value of a cas
 * @param b the new value of a cas (unused otherwise)
 * @param indeterminate the outcome is unknown: it may take effect at any point after its call (its
 *     return is at the end of the history), or never
 * @param call history index of the invocation
 * @param ret history index of the completion, {@link Long#MAX_VALUE} when indeterminate
 * @param source the operation, for evidence
 */
public record RegisterOp(
    Kind kind, int a, int b, boolean indeterminate, long call, long ret, Operation source) {

  /** The interned id of nil (the unknown value). */
  public static final int NIL = 0;

  /** The functions: a register's read, write and cas; a string kv's get, put and append. */
  public enum Kind {
    READ,
    WRITE,
    CAS,
    APPEND
  }
}
