package dev.firedrill.check.checker.linear;

/**
 * The set of operations linearized so far: a bitset over op ids with an incremental Zobrist hash,
 * the lowest unset completed id, and the count of set completed ids (see {@link Visited}).
 */
final class Linearized {
  private static final int[] NO_INTS = {};
  private static final long[] NO_LONGS = {};
  private final long[] bits;
  private final int completed;
  private final long[] zobrist;
  private long hash;
  private int lowestUnset;
  private int completedSet;

  Linearized(int completed, int total, long[] zobrist) {
    this.bits = new long[(total >> 6) + 1];
    this.completed = completed;
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
    if (n == 0) {
      return NO_INTS;
    }
    int[] out = new int[n];
    for (int id = lowestUnset + 1, k = 0; k < n; id++) {
      if (get(id)) {
        out[k++] = id;
      }
    }
    return out;
  }

  /** A copy of the words holding the indeterminate ids; empty when none is set. */
  long[] indeterminateWords() {
    int from = completed >> 6;
    long first = bits.length > from ? bits[from] & (-1L << (completed & 63)) : 0;
    boolean any = first != 0;
    for (int w = from + 1; w < bits.length && !any; w++) {
      any = bits[w] != 0;
    }
    if (!any) {
      return NO_LONGS; // canonical: no indeterminate op linearized
    }
    long[] words = java.util.Arrays.copyOfRange(bits, from, bits.length);
    // The completed ids sharing the first word are covered by the compact form: clear them.
    words[0] = first;
    return words;
  }
}
