package dev.firedrill.check.checker.linear;

/**
 * The set of operations linearized so far: a bitset over op ids with an incremental Zobrist hash,
 * the lowest unset completed id, and the count of set completed ids (see {@link Visited}).
 */
final class Linearized {
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

  /** The most {@link #writeKey} writes. */
  int maxKeyLength() {
    return 3 + (completedSet - lowestUnset) + 2 * bits.length;
  }

  /**
   * Writes this set with {@code state} as one cache key from {@code at} and returns where it ends:
   * its length (itself included), the state, the lowest unset completed id m, the set completed ids
   * above m ascending, then the words holding the indeterminate ids as pairs of ints — none when no
   * indeterminate op is set, so that equal configurations always write equal keys.
   */
  int writeKey(int[] into, int at, int state) {
    int k = at + 1;
    into[k++] = state;
    into[k++] = lowestUnset;
    int extras = completedSet - lowestUnset;
    for (int id = lowestUnset + 1; extras > 0; id++) {
      if (get(id)) {
        into[k++] = id;
        extras--;
      }
    }
    int from = completed >> 6;
    long first = bits.length > from ? bits[from] & (-1L << (completed & 63)) : 0;
    boolean any = first != 0;
    for (int w = from + 1; w < bits.length && !any; w++) {
      any = bits[w] != 0;
    }
    if (any) {
      // The completed ids sharing the first word are covered by m and the extras: leave them out.
      for (int w = from; w < bits.length; w++) {
        long word = w == from ? first : bits[w];
        into[k++] = (int) word;
        into[k++] = (int) (word >>> 32);
      }
    }
    into[at] = k - at;
    return k;
  }
}
