package dev.firedrill.check.history;

import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * The rules a history keeps by construction, which the readers enforce before anything is checked:
 * a history that breaks one was not written by a correct recorder, and checking it anyway makes
 * evidence that cites the wrong ops ("op 0 ... op 0").
 *
 * <ul>
 *   <li>Indices strictly increase, entry after entry.
 *   <li>A client's completion ({@code ok}, {@code fail}, {@code info}) completes the invocation
 *       that process has in progress: not one it never made, and not one already completed.
 *   <li>A completion has its invocation's {@code f}.
 * </ul>
 *
 * The nemesis is exempt from the pairing rules: it records faults and probe samples as {@code info}
 * entries of any function (Jepsen pairs a fault's two {@code info} entries).
 */
public final class HistoryRules {
  private HistoryRules() {}

  /**
   * A broken rule: the entry that breaks it and, when there is one, the earlier entry it conflicts
   * with (rows are positions in the history).
   */
  public record Violation(int row, int earlier, String template) {

    /**
     * The problem in one sentence, naming entries as {@code where} says (e.g. "line 7", "op 6");
     * the sentence starts with where the entry is.
     */
    public String describe(IntFunction<String> where) {
      String text = template.replace("{earlier}", earlier < 0 ? "" : where.apply(earlier));
      return where.apply(row) + ": " + text;
    }
  }

  /** The first rule the history breaks, or null when it keeps them all. */
  public static Violation check(HistoryColumns c) {
    int n = c.size();
    int[] slot = ProcessSlots.of(n, c::process);
    int[] pending = new int[ProcessSlots.count(slot)];
    int[] completed = new int[pending.length]; // the invoke a process's last completion closed
    Arrays.fill(pending, -1);
    Arrays.fill(completed, -1);
    for (int row = 0; row < n; row++) {
      if (row > 0 && c.index(row) <= c.index(row - 1)) {
        return new Violation(
            row,
            row - 1,
            "index "
                + c.index(row)
                + (c.index(row) == c.index(row - 1) ? " repeats" : " comes after")
                + " index "
                + c.index(row - 1)
                + " ({earlier}); indices strictly increase");
      }
      if (c.process(row) == Op.NEMESIS) {
        continue;
      }
      int p = slot[row];
      if (c.type(row) == OpType.INVOKE) {
        pending[p] = row; // an invoke while one is open leaves that one open (indeterminate)
        completed[p] = -1;
        continue;
      }
      Violation v = completion(c, row, pending[p], completed[p]);
      if (v != null) {
        return v;
      }
      completed[p] = pending[p];
      pending[p] = -1;
    }
    return null;
  }

  /**
   * Whether this completion completes the process's invoke in progress ({@code invoke}, or -1),
   * given the invoke its last completion closed ({@code closed}, or -1).
   */
  private static Violation completion(HistoryColumns c, int row, int invoke, int closed) {
    if (invoke < 0 && closed >= 0) {
      return new Violation(
          row,
          closed,
          "a second completion of process "
              + c.process(row)
              + "'s invoke at {earlier}: an invoke has exactly one completion");
    }
    if (invoke < 0) {
      return new Violation(
          row,
          -1,
          (c.type(row) == OpType.FAIL ? "a " : "an ")
              + c.type(row).wireName()
              + " of process "
              + c.process(row)
              + " without an invoke: the process has no operation in progress");
    }
    if (c.f(row) != c.f(invoke)) {
      return new Violation(
          row,
          invoke,
          "f '"
              + c.name(c.f(row))
              + "' completes process "
              + c.process(row)
              + "'s invoke of '"
              + c.name(c.f(invoke))
              + "' at {earlier}; a completion has its invoke's f");
    }
    return null;
  }
}
