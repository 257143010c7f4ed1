package dev.firedrill.check.checker.linear;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The cache of Lowe's refinement of the Wing and Gong search: the configurations (set of linearized
 * operations, model state) already explored, so none is explored twice.
 *
 * <p>A set of operations is stored compactly. Completed operations have ids in call order, and a
 * search linearizes them roughly in that order, so their set is "every id below m, plus a few
 * above" (the few lie within the concurrency window of m). Indeterminate operations are always kept
 * as a bitset; within a class of identical ones they are used in call order (see {@link Search}),
 * so equivalent sets are stored once.
 */
final class Visited {
  private final Set<Key> keys;
  private long bytes;

  /** A cache sized for about this many configurations (it grows past them). */
  Visited(int expected) {
    this.keys = HashSet.newHashSet(Math.max(16, expected));
  }

  /** Adds the configuration; false if it was already there. */
  boolean add(Linearized set, int state) {
    int[] extras = set.extrasAbove();
    int hash = Long.hashCode(set.hash() ^ (state * 0x9E3779B97F4A7C15L));
    long[] info = set.indeterminateWords();
    Key key = new Key(hash, state, set.lowestUnset(), extras, info);
    if (!keys.add(key)) {
      return false;
    }
    bytes += 120 + 4L * extras.length + 8L * info.length;
    return true;
  }

  long bytes() {
    return bytes;
  }

  private record Key(int hash, int state, int m, int[] extras, long[] info) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && k.hash == hash
          && k.state == state
          && k.m == m
          && Arrays.equals(k.extras, extras)
          && Arrays.equals(k.info, info);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
