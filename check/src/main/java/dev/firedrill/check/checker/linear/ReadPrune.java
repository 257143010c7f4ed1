package dev.firedrill.check.checker.linear;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The prunes of the search for a model whose states only grow between puts (string appends): a
 * configuration whose state can no longer become what a read still to place returned is never
 * explored. Sound because an append only extends the state (see {@link #viable}); without it every
 * order of k concurrent appends is a different state, which no cache merges.
 */
final class ReadPrune {
  private static final int END = -1;
  private final RegisterOp[] ops;
  private final SequentialSpec model;
  private final int[][] showing; // by op id: the completed reads that show its value, by return
  private int[] window = new int[16];

  ReadPrune(RegisterOp[] ops, int completed, SequentialSpec model) {
    this.ops = ops;
    this.model = model;
    this.showing = showing(completed);
  }

  /**
   * For each put or append whose value the spec can find in reads ({@link SequentialSpec#tokensOf})
   * and no other op writes: the completed reads that show that value, in the order they return.
   */
  private int[][] showing(int completed) {
    Map<Integer, Integer> writer = new java.util.HashMap<>(); // value -> its one writer, or -1
    for (int id = 0; id < ops.length; id++) {
      RegisterOp o = ops[id];
      if (o.kind() == RegisterOp.Kind.WRITE || o.kind() == RegisterOp.Kind.APPEND) {
        writer.merge(o.a(), id, (a, b) -> -1); // written twice: a read cannot tell which
      }
    }
    Integer[] reads =
        java.util.stream.IntStream.range(0, completed)
            .filter(id -> ops[id].kind() == RegisterOp.Kind.READ)
            .boxed()
            .sorted(Comparator.comparingLong(id -> ops[id].ret()))
            .toArray(Integer[]::new);
    List<List<Integer>> lists = new ArrayList<>();
    for (int i = 0; i < ops.length; i++) {
      lists.add(null);
    }
    boolean any = false;
    for (int read : reads) {
      int[] tokens = model.tokensOf(ops[read].a());
      if (tokens == null) {
        return null; // values not self-delimiting: no token is known to be one op's
      }
      for (int t : tokens) {
        Integer w = writer.get(t);
        if (w != null && w >= 0) {
          if (lists.get(w) == null) {
            lists.set(w, new ArrayList<>());
          }
          lists.get(w).add(read);
          any = true;
        }
      }
    }
    if (!any) {
      return null;
    }
    int[][] out = new int[ops.length][];
    for (int i = 0; i < ops.length; i++) {
      out[i] = lists.get(i) == null ? null : lists.get(i).stream().mapToInt(x -> x).toArray();
    }
    return out;
  }

  /**
   * Whether the state after placing op {@code placed} can still become the value of the read whose
   * return comes first (the completed op that returns earliest must be placed before any op invoked
   * after that return). Only ops whose calls precede that return can be placed before the read.
   * Appends only grow the state, so the read's value must grow from the state now or from the value
   * of one of those ops that replaces it (a put): {@link SequentialSpec#canGrowInto}. A
   * configuration that cannot is never explored: many concurrent appends then cost the orders a
   * read allows, not every order.
   */
  boolean viable(int after, int placed, Linearized set, int[] next, int head) {
    // The first read still to place that shows this op's value: no put can come between (it
    // would erase the value, which no other op writes), so the state only grows until then.
    int[] shows = showing == null ? null : showing[placed];
    if (shows != null) {
      for (int read : shows) {
        if (!set.get(read)) {
          if (!model.canGrowInto(after, ops[read].a())) {
            return false;
          }
          break;
        }
      }
    }
    int replacing = 0;
    for (int node = next[head]; node != END; node = next[node]) {
      int op = node >> 1;
      if (op == placed) {
        continue;
      }
      RegisterOp o = ops[op];
      if ((node & 1) == 0) {
        if (o.kind() == RegisterOp.Kind.WRITE) {
          if (replacing == window.length) {
            window = Arrays.copyOf(window, replacing * 2);
          }
          window[replacing++] = o.a();
        }
        continue;
      }
      if (o.kind() != RegisterOp.Kind.READ) {
        continue; // a write's or append's return: the first read's still constrains
      }
      if (model.canGrowInto(after, o.a())) {
        return true;
      }
      for (int i = 0; i < replacing; i++) {
        if (model.canGrowInto(window[i], o.a())) {
          return true;
        }
      }
      return false;
    }
    return true;
  }
}
