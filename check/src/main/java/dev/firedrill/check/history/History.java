package dev.firedrill.check.history;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * An immutable history: entries in the order they happened, and the operations they form. An
 * invocation is completed by the next completion of the same process; nemesis entries pair the same
 * way (Jepsen writes a fault as two nemesis info entries: the first opens it). A completion with no
 * pending invocation stands alone as an operation whose invocation is the completion itself.
 */
public final class History {
  private List<Op> ops;
  private HistoryColumns columns;
  private List<Operation> operations;

  private History(List<Op> ops, HistoryColumns columns) {
    this.ops = ops;
    this.columns = columns;
  }

  /** A history of these entries, in this order. */
  public static History of(List<Op> ops) {
    return new History(Collections.unmodifiableList(new ArrayList<>(ops)), null);
  }

  /**
   * A history held as columns: the entries are made as {@link Op}s only when {@link #ops()} or
   * {@link #operations()} is first called, so a checker that reads {@link #columns()} never pays
   * for them.
   */
  public static History of(HistoryColumns columns) {
    return new History(null, columns);
  }

  /** A history of these entries, in this order. */
  public static History of(Op... ops) {
    return of(Arrays.asList(ops));
  }

  /** The entries, in order; made from the columns on first call if the history has no others. */
  public synchronized List<Op> ops() {
    if (ops == null) {
      ops = Collections.unmodifiableList(columns.ops());
    }
    return ops;
  }

  /** The entries as columns; made from the ops on first call if the history has no others. */
  public synchronized HistoryColumns columns() {
    if (columns == null) {
      columns = HistoryColumns.of(ops);
    }
    return columns;
  }

  public int size() {
    List<Op> list;
    HistoryColumns cols;
    synchronized (this) {
      list = ops;
      cols = columns;
    }
    return list != null ? list.size() : cols.size();
  }

  /** The operations, in invocation order, nemesis included; computed once. */
  public synchronized List<Operation> operations() {
    if (operations == null) {
      operations = Collections.unmodifiableList(pair(ops()));
    }
    return operations;
  }

  /** The client operations (nemesis excluded) whose f is one of these. */
  public List<Operation> clientOperations(String... fs) {
    List<Operation> out = new ArrayList<>();
    for (Operation o : operations()) {
      if (!o.invoke().isNemesis() && (fs.length == 0 || oneOf(o.f(), fs))) {
        out.add(o);
      }
    }
    return out;
  }

  private static boolean oneOf(String f, String[] fs) {
    for (String candidate : fs) {
      if (candidate.equals(f)) {
        return true;
      }
    }
    return false;
  }

  private static List<Operation> pair(List<Op> ops) {
    int[] slot = ProcessSlots.of(ops.size(), row -> ops.get(row).process());
    Op[] invokes = new Op[ProcessSlots.count(slot)];
    int[] slots = new int[invokes.length];
    Operation[] result = new Operation[ops.size()];
    for (int pos = 0; pos < ops.size(); pos++) {
      Op op = ops.get(pos);
      int p = slot[pos];
      // Jepsen records a fault as two info entries of the nemesis: the first opens it.
      boolean opens =
          op.type() == OpType.INVOKE
              || (op.isNemesis() && op.type() == OpType.INFO && invokes[p] == null);
      if (opens) {
        if (invokes[p] != null) {
          result[slots[p]] = new Operation(invokes[p], null);
        }
        invokes[p] = op;
        slots[p] = pos;
        result[pos] = new Operation(op, null);
      } else if (invokes[p] != null) {
        result[slots[p]] = new Operation(invokes[p], op);
        invokes[p] = null;
      } else {
        result[pos] = new Operation(op, op);
      }
    }
    List<Operation> out = new ArrayList<>(ops.size() / 2 + 1);
    for (Operation o : result) {
      if (o != null) {
        out.add(o);
      }
    }
    return out;
  }
}
