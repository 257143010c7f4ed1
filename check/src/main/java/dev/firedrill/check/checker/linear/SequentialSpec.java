package dev.firedrill.check.checker.linear;

/**
 * The sequential specification the search steps: a pure function from a state and an operation to
 * the next state, over interned ints. A state id stands for one value (a register's value, one
 * key's string); two configurations with equal ids are equal, which is what the cache of visited
 * configurations relies on. Implementations need not be thread-safe: one search uses one spec.
 */
public interface SequentialSpec {
  /** The result of an illegal step. */
  int ILLEGAL = Integer.MIN_VALUE;

  /** The state after applying op in state, or {@link #ILLEGAL}. */
  int step(int state, RegisterOp op);

  /** Whether the spec accepts this kind of operation at all. */
  boolean supports(RegisterOp.Kind kind);

  /**
   * Whether the model's states only grow between replacing operations (string appends), so that the
   * search may prune with {@link #canGrowInto}.
   */
  default boolean growsOnly() {
    return false;
  }

  /**
   * For a model whose states only grow: whether appends can take {@code state} to {@code target}
   * (the value a read returns). Only asked when {@link #growsOnly} is true.
   */
  default boolean canGrowInto(int state, int target) {
    return true;
  }

  /**
   * For a model whose states only grow: the values, each written or appended by exactly one
   * operation, whose concatenation a read's value is (as interned ids; pieces no operation wrote
   * are left out), or null when the model cannot tell (values that are not unique or not
   * self-delimiting, so that a value may appear in a read without its operation). A read that shows
   * a value then proves its operation took effect after the last put before the read.
   */
  default int[] tokensOf(int value) {
    return null;
  }

  /** Memory the spec holds for states it made up while stepping (counted against the budget). */
  default long bytes() {
    return 0;
  }
}
