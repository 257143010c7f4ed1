package dev.firedrill.check.checker.linear;

import java.util.Arrays;

/**
 * The cache of Lowe's refinement of the Wing and Gong search: the configurations (set of linearized
 * operations, model state) already explored, so none is explored twice.
 *
 * <p>A set of operations is stored compactly. Completed operations have ids in call order, and a
 * search linearizes them roughly in that order, so their set is "every id below m, plus a few
 * above" (the few lie within the concurrency window of m). Indeterminate operations are always kept
 * as a bitset; within a class of identical ones they are used in call order (see {@link Search}),
 * so equivalent sets are stored once.
 *
 * <p>Every configuration lives in one growing {@code int} arena ({@link Linearized#writeKey}) and
 * the table is open addressing over offsets into it, with each entry's hash beside it: adding a
 * configuration allocates nothing but the arena's and the table's occasional growth, which matters
 * most in a short run, where the search runs in freshly compiled code and every object counts.
 */
final class Visited {
  private int[] arena;
  private int end;
  private int[] slots; // offset + 1 of each entry in the arena, 0 when free
  private int[] hashes;
  private int size;

  /** A cache sized for about this many configurations (it grows past them). */
  Visited(int expected) {
    int capacity = Integer.highestOneBit(Math.max(16, expected) * 2 - 1) << 1;
    this.slots = new int[capacity];
    this.hashes = new int[capacity];
    this.arena = new int[Math.max(256, expected * 8)];
  }

  /** Adds the configuration; false if it was already there. */
  boolean add(Linearized set, int state) {
    int need = set.maxKeyLength();
    if (arena.length - end < need) {
      arena = Arrays.copyOf(arena, Math.max(arena.length * 2, end + need));
    }
    int start = end;
    int stop = set.writeKey(arena, start, state);
    int hash = Long.hashCode(set.hash() ^ (state * 0x9E3779B97F4A7C15L));
    int mask = slots.length - 1;
    for (int i = mix(hash) & mask; ; i = (i + 1) & mask) {
      int at = slots[i] - 1;
      if (at < 0) {
        slots[i] = start + 1;
        hashes[i] = hash;
        end = stop;
        if (++size * 2 > slots.length) {
          grow();
        }
        return true;
      }
      if (hashes[i] == hash && Arrays.equals(arena, at, at + arena[at], arena, start, stop)) {
        return false; // the key written at start is dropped: end stays
      }
    }
  }

  /** What the cache holds, in bytes: the arena in use and the table. */
  long bytes() {
    return 4L * end + 8L * slots.length;
  }

  private void grow() {
    int[] oldSlots = slots;
    int[] oldHashes = hashes;
    slots = new int[oldSlots.length * 2];
    hashes = new int[oldSlots.length * 2];
    int mask = slots.length - 1;
    for (int j = 0; j < oldSlots.length; j++) {
      if (oldSlots[j] != 0) {
        int i = mix(oldHashes[j]) & mask;
        while (slots[i] != 0) {
          i = (i + 1) & mask;
        }
        slots[i] = oldSlots[j];
        hashes[i] = oldHashes[j];
      }
    }
  }

  private static int mix(int h) {
    return h ^ (h >>> 16);
  }
}
