package dev.firedrill.check.checker.linear;

import java.util.Arrays;

/**
 * The set of operations linearized so far: a bitset over op ids with an incremental Zobrist hash,
 * the lowest unset completed id, and the count of set completed ids (see {@link Visited}).
 */
final class Linearized {
  private final long[] bits;
  private final int completed;
  private final int total;
  private final long[] zobrist;
  private long hash;
  private int lowestUnset;
  private int completedSet;

  Linearized(int completed, int total, long[] zobrist) {
    this.bits = new long[(total >> 6) + 1];
    this.completed = completed;
    this.total = total;
    this.zobrist = zobrist;
  }

  void set(int id) {
    bits[id >> 6] |= 1L << id;
    hash ^= zobrist[id];
    if (id < completed) {
      completedSet++;
      if (id == lowestUnset) {
        while (lowestUnset < completed && get(lowestUnset)) {
          lowestUnset++;
        }
      }
    }
  }

  void clear(int id) {
    bits[id >> 6] &= ~(1L << id);
    hash ^= zobrist[id];
    if (id < completed) {
      completedSet--;
      lowestUnset = Math.min(lowestUnset, id);
    }
  }

  boolean get(int id) {
    return (bits[id >> 6] & (1L << id)) != 0;
  }

  long hash() {
    return hash;
  }

  int lowestUnset() {
    return lowestUnset;
  }

  /** The set completed ids above the lowest unset one, ascending. */
  int[] extrasAbove() {
    int n = completedSet - lowestUnset;
    int[] out = new int[n];
    for (int id = lowestUnset + 1, k = 0; k < n; id++) {
      if (get(id)) {
        out[k++] = id;
      }
    }
    return out;
  }

  /** A copy of the words holding indeterminate ids (all of them when there are few). */
  long[] indeterminateWords() {
    if (total == completed) {
      return new long[0];
    }
    int from = completed >> 6;
    long[] words = Arrays.copyOfRange(bits, from, bits.length);
    // Clear the completed ids sharing the first word: they are covered by the compact form.
    words[0] &= -1L << (completed & 63);
    return words;
  }
}
