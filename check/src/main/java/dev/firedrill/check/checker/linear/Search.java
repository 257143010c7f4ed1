package dev.firedrill.check.checker.linear;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Decides whether one register's operations are linearizable: the search of Wing and Gong with
 * Lowe's cache of visited configurations, over an intrusive linked list of call and return
 * events (the structure Porcupine also uses).
 *
 * <p>The search repeatedly takes the earliest call in the list whose operation the model accepts
 * in the current state and whose resulting configuration is new, linearizes it (removes its call
 * and return from the list) and starts over from the head. Reaching a return means the operation
 * it belongs to should already have been linearized: the search backtracks. It succeeds when the
 * list is empty. Indeterminate operations return at the end of the history, so they can be
 * linearized anywhere after their call, or last, which is the same as never.
 */
public final class Search {
  private static final int END = -1;
  private final RegisterOp[] ops; // by id: completed ones in call order, then indeterminate
  private final int completed;
  private final RegisterModel model;
  private final int initial;
  private final long deadline;
  private final long cacheBytes;
  private final int[] next;
  private final int[] prev;
  private final int head;

  /**
   * @param operations the register's operations (no failed ones, no indeterminate reads)
   * @param deadline {@link System#nanoTime()} after which the search gives up
   */
  public Search(
      List<RegisterOp> operations, RegisterModel model, int initial, long deadline, long cacheBytes) {
    List<RegisterOp> sorted = new ArrayList<>(operations);
    sorted.sort(
        Comparator.comparing(RegisterOp::indeterminate).thenComparingLong(RegisterOp::call));
    this.ops = sorted.toArray(RegisterOp[]::new);
    this.completed = (int) sorted.stream().filter(o -> !o.indeterminate()).count();
    this.model = model;
    this.initial = initial;
    this.deadline = deadline;
    this.cacheBytes = cacheBytes;
    int n = ops.length;
    this.head = 2 * n;
    this.next = new int[2 * n + 1];
    this.prev = new int[2 * n + 1];
    link();
  }

  /** Orders the events by history position: node 2i is the call of op i, 2i+1 its return. */
  private void link() {
    int n = ops.length;
    Integer[] nodes = new Integer[2 * n];
    for (int i = 0; i < 2 * n; i++) {
      nodes[i] = i;
    }
    java.util.Arrays.sort(nodes, Comparator.comparingLong(this::position).thenComparing(v -> v));
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
    int depth;
    int maxDepth;
    int state = initial;
    long explored;
    String exhausted;

    Run(int stopDepth) {
      this.stopDepth = stopDepth;
      long[] zobrist = new SplittableRandom(0x5EED).longs(ops.length + 1).toArray();
      this.set = new Linearized(completed, ops.length, zobrist);
      this.visited = new Visited(completed, zobrist);
      this.stackOp = new int[ops.length];
      this.stackState = new int[ops.length];
    }

    /** True: linearizable; false: not; null: budget exhausted (or stopDepth reached). */
    Boolean go() {
      int entry = next[head];
      long steps = 0;
      while (next[head] != END) {
        if (depth >= stopDepth || ((++steps & 0xFFF) == 0 && overBudget())) {
          return null;
        }
        if ((entry & 1) == 0) {
          entry = tryCall(entry);
        } else if (depth == 0) {
          return false;
        } else {
          entry = backtrack();
        }
      }
      return true;
    }

    private int tryCall(int entry) {
      int id = entry >> 1;
      int after = model.step(state, ops[id]);
      if (after != RegisterModel.ILLEGAL) {
        set.set(id);
        if (visited.add(set, after)) {
          stackOp[depth] = id;
          stackState[depth] = state;
          depth++;
          maxDepth = Math.max(maxDepth, depth);
          explored++;
          state = after;
          lift(id);
          return next[head];
        }
        set.clear(id);
      }
      return next[entry];
    }

    private int backtrack() {
      depth--;
      int id = stackOp[depth];
      state = stackState[depth];
      set.clear(id);
      unlift(id);
      return next[2 * id];
    }

    private boolean overBudget() {
      if (System.nanoTime() > deadline) {
        exhausted = "time budget exhausted";
      } else if (visited.bytes() > cacheBytes) {
        exhausted = "memory budget exhausted (" + (visited.bytes() >> 20) + " MiB of cache)";
      }
      return exhausted != null;
    }

    SearchOutcome failure(long totalExplored) {
      List<RegisterOp> prefix = new ArrayList<>();
      for (int i = 0; i < depth; i++) {
        prefix.add(ops[stackOp[i]]);
      }
      List<RegisterOp> candidates = new ArrayList<>();
      int entry = next[head];
      while (entry != END && (entry & 1) == 0) {
        candidates.add(ops[entry >> 1]);
        entry = next[entry];
      }
      RegisterOp blocking = entry == END ? null : ops[entry >> 1];
      candidates.remove(blocking);
      return new SearchOutcome.NotLinearizable(
          prefix, state, blocking, candidates, totalExplored);
    }
  }

  private void lift(int id) {
    unlink(2 * id);
    unlink(2 * id + 1);
  }

  private void unlift(int id) {
    relink(2 * id + 1);
    relink(2 * id);
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
