package dev.firedrill.check.checker.linear;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Decides whether one register's operations are linearizable: the search of Wing and Gong with
 * Lowe's cache of visited configurations, over an intrusive linked list of call and return events
 * (the structure Porcupine also uses).
 *
 * <p>The search is the same for every {@link SequentialSpec}: a register's or one key's of a string
 * kv. The search repeatedly takes the earliest call in the list whose operation the model accepts
 * in the current state and whose resulting configuration is new, linearizes it (removes its call
 * and return) and starts over from the head. Reaching a return means the operation it belongs to
 * should already have been linearized: the search backtracks. Indeterminate operations have a call
 * but no return (they may take effect any time after their call), and the search succeeds once
 * every completed operation is linearized: the indeterminate ones left can all come last, which is
 * the same as never. Trying calls in call order, indeterminate ones included, matters: a crashed
 * write that a later read observed is usually best placed early.
 *
 * <p>Indeterminate operations are grouped in classes of identical ones (same kind and values). Any
 * linearization that uses a later-invoked one while an earlier identical one is unused can swap the
 * two (both may take effect at any point after their calls), so only the earliest unused one of a
 * class is ever tried. Many crashed clients writing the same few values then cost a count per
 * class, not a subset of clients.
 */
public final class Search {
  private static final int END = -1;
  private final RegisterOp[] ops; // by id: completed ones in call order, then indeterminate
  private final int completed;
  private final SequentialSpec model;
  private final int initial;
  private final java.util.function.LongSupplier deadline;
  private final long cacheBytes;
  private final int[] next;
  private final int[] prev;
  private final int head;
  private final int[] classOf;
  private final int[][] classMembers;
  private final ReadPrune prune; // null unless the model's states only grow

  /**
   * @param operations the register's operations (no failed ones, no indeterminate reads)
   * @param deadline {@link System#nanoTime()} after which the search gives up
   */
  public Search(
      List<RegisterOp> operations,
      SequentialSpec model,
      int initial,
      long deadline,
      long cacheBytes) {
    this(operations, model, initial, () -> deadline, cacheBytes);
  }

  /**
   * A search whose deadline may move while it runs (read every few thousand steps): searches of
   * several keys side by side stop early once one key is decided not linearizable.
   */
  public Search(
      List<RegisterOp> operations,
      SequentialSpec model,
      int initial,
      java.util.function.LongSupplier deadline,
      long cacheBytes) {
    List<RegisterOp> sorted = new ArrayList<>(operations);
    sorted.sort(
        Comparator.comparing(RegisterOp::indeterminate).thenComparingLong(RegisterOp::call));
    this.ops = sorted.toArray(RegisterOp[]::new);
    this.completed = (int) sorted.stream().filter(o -> !o.indeterminate()).count();
    this.model = model;
    this.initial = initial;
    this.deadline = deadline;
    this.cacheBytes = cacheBytes;
    this.head = 2 * ops.length;
    this.next = new int[2 * ops.length + 1];
    this.prev = new int[2 * ops.length + 1];
    this.classOf = new int[ops.length];
    link();
    this.classMembers = classify();
    this.prune = model.growsOnly() ? new ReadPrune(ops, completed, model) : null;
  }

  /**
   * Orders the events by history position: node 2i is the call of op i, 2i+1 its return (only
   * completed ops have one in the list).
   */
  private void link() {
    Integer[] nodes = new Integer[completed + ops.length];
    for (int i = 0; i < ops.length; i++) {
      nodes[i] = 2 * i;
    }
    for (int i = 0; i < completed; i++) {
      nodes[ops.length + i] = 2 * i + 1;
    }
    Arrays.sort(nodes, Comparator.comparingLong(this::position));
    int last = head;
    for (int node : nodes) {
      next[last] = node;
      prev[node] = last;
      last = node;
    }
    next[last] = END;
  }

  private long position(int node) {
    RegisterOp op = ops[node >> 1];
    return (node & 1) == 0 ? op.call() : op.ret();
  }

  private int[][] classify() {
    Map<List<Object>, List<Integer>> classes = new LinkedHashMap<>();
    for (int id = completed; id < ops.length; id++) {
      RegisterOp o = ops[id];
      classes.computeIfAbsent(List.of(o.kind(), o.a(), o.b()), k -> new ArrayList<>()).add(id);
    }
    int[][] members = new int[classes.size()][];
    int c = 0;
    for (List<Integer> ids : classes.values()) {
      members[c] = ids.stream().mapToInt(Integer::intValue).toArray();
      for (int id : members[c]) {
        classOf[id] = c;
      }
      c++;
    }
    return members;
  }

  /** Runs the search to the end (or the budget). */
  public SearchOutcome run() {
    Run r = new Run(Integer.MAX_VALUE);
    Boolean ok = r.go();
    if (ok == null) {
      return new SearchOutcome.Exhausted(r.exhausted, r.maxDepth, r.explored);
    }
    if (ok) {
      return new SearchOutcome.Linearized(r.explored);
    }
    // Replay to the deepest point reached, to show the longest prefix and what cannot follow it.
    Run replay = new Run(r.maxDepth);
    replay.go();
    return replay.failure(r.explored);
  }

  /** One depth-first search; stops early when it reaches stopDepth. */
  private final class Run {
    final int stopDepth;
    final Linearized set;
    final Visited visited;
    final int[] stackOp;
    final int[] stackState;
    final boolean[] committed;
    final int[] classNext = new int[classMembers.length];
    int remaining = completed;
    int depth;
    int maxDepth;
    int state = initial;
    long explored;
    String exhausted;

    Run(int stopDepth) {
      this.stopDepth = stopDepth;
      long[] zobrist = new SplittableRandom(0x5EED).longs(ops.length + 1).toArray();
      this.set = new Linearized(completed, ops.length, zobrist);
      this.visited = new Visited(4 * ops.length); // most histories need a few per op
      this.stackOp = new int[ops.length];
      this.stackState = new int[ops.length];
      this.committed = new boolean[ops.length];
    }

    /** True: linearizable; false: not; null: budget exhausted (or stopDepth reached). */
    Boolean go() {
      int cursor = next[head];
      boolean fresh = true;
      long steps = 0;
      while (remaining > 0) {
        if (depth >= stopDepth || ((++steps & 0xFFF) == 0 && overBudget())) {
          return null;
        }
        if (fresh) {
          fresh = false;
          int read = legalRead();
          if (read >= 0) {
            if (linearize(read)) {
              committed[depth - 1] = true;
              cursor = next[head];
              fresh = true;
              continue;
            }
            cursor = END; // seen before, so it failed: so does this configuration (END reads as a
            // return)
          }
        }
        if ((cursor & 1) == 0) {
          int id = cursor >> 1;
          boolean usable =
              id < completed || classMembers[classOf[id]][classNext[classOf[id]]] == id;
          fresh = usable && linearize(id);
          cursor = fresh ? next[head] : next[cursor];
        } else if (depth == 0) {
          return false;
        } else {
          cursor = backtrack();
        }
      }
      return true;
    }

    /**
     * A completed read that may come next and is legal now, or -1. Placing it now is never wrong:
     * it changes nothing, and any order placing it later can move it here (nothing left must
     * precede it). So the search commits to it, with no alternative at this level.
     */
    private int legalRead() {
      for (int node = next[head]; node != END && (node & 1) == 0; node = next[node]) {
        int id = node >> 1;
        if (id < completed
            && ops[id].kind() == RegisterOp.Kind.READ
            && model.step(state, ops[id]) != SequentialSpec.ILLEGAL) {
          return id;
        }
      }
      return -1;
    }

    private boolean linearize(int id) {
      int after = model.step(state, ops[id]);
      if (after == SequentialSpec.ILLEGAL
          || (prune != null && !prune.viable(after, id, set, next, head))) {
        return false;
      }
      set.set(id);
      boolean indeterminate = id >= completed;
      if (indeterminate) {
        classNext[classOf[id]]++;
      }
      if (!visited.add(set, after)) {
        set.clear(id);
        if (indeterminate) {
          classNext[classOf[id]]--;
        }
        return false;
      }
      stackOp[depth] = id;
      stackState[depth] = state;
      depth++;
      maxDepth = Math.max(maxDepth, depth);
      explored++;
      state = after;
      unlink(2 * id);
      if (!indeterminate) {
        unlink(2 * id + 1);
        remaining--;
      }
      return true;
    }

    /** Undoes the last choice, and the committed reads before it; returns where to go on. */
    private int backtrack() {
      while (depth > 1 && committed[depth - 1]) {
        undo();
      }
      if (committed[depth - 1]) {
        undo();
        return END; // nothing else to try at the first level either
      }
      return undo();
    }

    private int undo() {
      depth--;
      committed[depth] = false;
      int id = stackOp[depth];
      state = stackState[depth];
      set.clear(id);
      if (id >= completed) {
        classNext[classOf[id]]--;
      } else {
        relink(2 * id + 1);
        remaining++;
      }
      relink(2 * id);
      return next[2 * id];
    }

    private boolean overBudget() {
      if (System.nanoTime() > deadline.getAsLong()) {
        exhausted = "time budget exhausted";
      } else if (visited.bytes() + model.bytes() > cacheBytes) {
        exhausted =
            "memory budget exhausted ("
                + ((visited.bytes() + model.bytes()) >> 20)
                + " MiB of cache)";
      }
      return exhausted != null;
    }

    SearchOutcome failure(long totalExplored) {
      List<RegisterOp> prefix = new ArrayList<>();
      for (int i = 0; i < depth; i++) {
        prefix.add(ops[stackOp[i]]);
      }
      int entry = next[head];
      while (entry != END && (entry & 1) == 0) {
        entry = next[entry];
      }
      RegisterOp blocking = entry == END ? null : ops[entry >> 1];
      // The calls before the blocking return, the blocking op's own call left out (by id: two ops
      // may be equal records).
      List<RegisterOp> candidates = new ArrayList<>();
      for (int node = next[head]; node != entry; node = next[node]) {
        if (entry == END || node >> 1 != entry >> 1) {
          candidates.add(ops[node >> 1]);
        }
      }
      // Where states only grow, the op that cannot be placed may be fine itself and ruled out by
      // the read that returns next (see viable): name that read too.
      RegisterOp constraint = null;
      if (model.growsOnly() && blocking != null && blocking.kind() != RegisterOp.Kind.READ) {
        for (int node = next[entry]; node != END && constraint == null; node = next[node]) {
          if ((node & 1) == 1 && ops[node >> 1].kind() == RegisterOp.Kind.READ) {
            constraint = ops[node >> 1];
          }
        }
      }
      return new SearchOutcome.NotLinearizable(
          prefix, state, blocking, candidates, constraint, totalExplored);
    }
  }

  private void unlink(int node) {
    next[prev[node]] = next[node];
    if (next[node] != END) {
      prev[next[node]] = prev[node];
    }
  }

  private void relink(int node) {
    next[prev[node]] = node;
    if (next[node] != END) {
      prev[next[node]] = node;
    }
  }
}
