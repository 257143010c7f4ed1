package dev.firedrill.check.checker.linear;

import java.util.List;

/** What the linearizability search concluded for one register. */
public sealed interface SearchOutcome {

  /** Configurations explored (successful steps), a measure of the work done. */
  long explored();

  /** Some order of the operations, consistent with real time, satisfies the model. */
  record Linearized(long explored) implements SearchOutcome {}

  /**
   * No order works.
   *
   * @param prefix the longest linearizable prefix the search found, in linearization order
   * @param stateAfterPrefix the register's (interned) value after that prefix
   * @param blocking the operation whose completion comes next and that cannot be placed after the
   *     prefix
   * @param candidates the other operations that could have come next, none of which can be placed
   *     either
   * @param constraint where states only grow (string appends): the read, returning after the
   *     blocking operation, whose value no placement of it leads to; else null
   */
  record NotLinearizable(
      List<RegisterOp> prefix,
      int stateAfterPrefix,
      RegisterOp blocking,
      List<RegisterOp> candidates,
      RegisterOp constraint,
      long explored)
      implements SearchOutcome {}

  /** The time or memory budget ran out before an answer. */
  record Exhausted(String reason, int deepestPrefix, long explored) implements SearchOutcome {}
}
