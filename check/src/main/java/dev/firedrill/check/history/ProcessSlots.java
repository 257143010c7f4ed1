package dev.firedrill.check.history;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * Numbers the processes of a history densely: slot 0 is the nemesis, clients get 1, 2, ... in order
 * of first appearance. Pairing invocations with completions keeps one entry per slot, so a history
 * whose processes are numbered up to 2^31 - 1 needs as many entries as it has processes, not 2^31.
 */
final class ProcessSlots {
  private ProcessSlots() {}

  /**
   * The slot of each of {@code n} rows.
   *
   * @param processOf the process of a row ({@link Op#NEMESIS} for the nemesis)
   */
  static int[] of(int n, IntUnaryOperator processOf) {
    int[] slots = new int[n];
    int[] small = new int[64]; // slot by process number below SMALL, 0 when not yet seen
    Map<Integer, Integer> large = new HashMap<>();
    int next = 1;
    for (int row = 0; row < n; row++) {
      int p = processOf.applyAsInt(row);
      int slot;
      if (p == Op.NEMESIS) {
        slot = 0;
      } else if (p >= 0 && p < SMALL) {
        if (p >= small.length) {
          small = Arrays.copyOf(small, Math.min(SMALL, Math.max(p + 1, small.length * 2)));
        }
        if (small[p] == 0) {
          small[p] = next++;
        }
        slot = small[p];
      } else {
        Integer s = large.get(p);
        if (s == null) {
          s = next++;
          large.put(p, s);
        }
        slot = s;
      }
      slots[row] = slot;
    }
    return slots;
  }

  /** Process numbers below this are looked up in an array; the rest in a map. */
  private static final int SMALL = 1 << 20;

  /** The number of slots the rows use (the largest slot plus one). */
  static int count(int[] slots) {
    int max = 0;
    for (int s : slots) {
      max = Math.max(max, s);
    }
    return max + 1;
  }
}
