package dev.firedrill.check.checker.linear;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every stale read of one register, found without a search. Terms, on a register's operations:
 *
 * <ul>
 *   <li><b>writer of v</b>: a write of v or a cas to v that completed ok or is indeterminate (it
 *       may have taken effect); the initial value's writer precedes everything.
 *   <li><b>overwrite</b>: a write or cas that completed ok (it surely took effect).
 *   <li><b>stale read</b>: an ok read of v (not nil) for which some overwrite w of another value
 *       completed before the read was invoked, while every writer of v that was invoked before the
 *       read completed had itself completed before w was invoked.
 * </ul>
 *
 * <p>A stale read proves the register not linearizable: w precedes the read in every legal order,
 * every writer of v precedes w, so the last write before the read is w or one after it, and none of
 * those writes v. The converse does not hold (a history can be non-linearizable with no stale
 * read), which is why the search still decides the verdict; this counts what the search, stopping
 * at the first contradiction, cannot: all of them. A read of a value nobody wrote is not counted
 * here (the search reports it). Positions are history indices, so "before" is real time as the
 * history recorded it. O(n log n) in the register's operations.
 */
public final class StaleReads {

  /**
   * One stale read.
   *
   * @param read the read
   * @param overwrite the overwrite that makes it stale: of those completed before the read began,
   *     the one invoked last
   */
  public record Stale(RegisterOp read, RegisterOp overwrite) {}

  private StaleReads() {}

  /** The stale reads of one register's operations, in the order they were invoked. */
  public static List<Stale> of(List<RegisterOp> ops, int initial) {
    RegisterOp[] overwrites =
        ops.stream()
            .filter(o -> !o.indeterminate() && isWrite(o))
            .sorted(Comparator.comparingLong(RegisterOp::ret))
            .toArray(RegisterOp[]::new);
    long[] overwriteRets = Arrays.stream(overwrites).mapToLong(RegisterOp::ret).toArray();
    Latest latest = new Latest(overwrites);
    Map<Integer, Writers> writers = new HashMap<>();
    for (RegisterOp o : ops) {
      if (isWrite(o)) {
        writers.computeIfAbsent(written(o), v -> new Writers()).add(o);
      }
    }
    writers.values().forEach(Writers::seal);
    List<Stale> stale = new ArrayList<>();
    List<RegisterOp> reads =
        ops.stream()
            .filter(o -> o.kind() == RegisterOp.Kind.READ && !o.indeterminate())
            .filter(o -> o.a() != RegisterOp.NIL)
            .sorted(Comparator.comparingLong(RegisterOp::call))
            .toList();
    for (RegisterOp r : reads) {
      int v = r.a();
      Writers w = writers.get(v);
      long lastWriterRet = w == null ? Long.MIN_VALUE : w.latestRetInvokedBefore(r.ret());
      if (lastWriterRet == Long.MIN_VALUE && v != initial) {
        continue; // nobody wrote v before the read ended: not a stale read (the search says why)
      }
      int done = upperBound(overwriteRets, r.call());
      RegisterOp over = latest.lastInvokedOtherThan(done, v);
      if (over != null && over.call() > lastWriterRet) {
        stale.add(new Stale(r, over));
      }
    }
    return stale;
  }

  private static boolean isWrite(RegisterOp o) {
    return o.kind() == RegisterOp.Kind.WRITE || o.kind() == RegisterOp.Kind.CAS;
  }

  private static int written(RegisterOp o) {
    return o.kind() == RegisterOp.Kind.CAS ? o.b() : o.a();
  }

  /** How many of the sorted values are below {@code bound}. */
  private static int upperBound(long[] sorted, long bound) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < bound) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** The writers of one value, by invocation, with the latest completion among each prefix. */
  private static final class Writers {
    private final List<RegisterOp> ops = new ArrayList<>();
    private long[] calls;
    private long[] maxRet;

    void add(RegisterOp o) {
      ops.add(o);
    }

    void seal() {
      ops.sort(Comparator.comparingLong(RegisterOp::call));
      calls = new long[ops.size()];
      maxRet = new long[ops.size()];
      long max = Long.MIN_VALUE;
      for (int i = 0; i < ops.size(); i++) {
        calls[i] = ops.get(i).call();
        max = Math.max(max, ops.get(i).ret());
        maxRet[i] = max;
      }
    }

    /** The latest completion of the writers invoked before {@code bound}; MIN_VALUE if none. */
    long latestRetInvokedBefore(long bound) {
      int n = upperBound(calls, bound);
      return n == 0 ? Long.MIN_VALUE : maxRet[n - 1];
    }
  }

  /**
   * For each prefix of the overwrites (by completion), the one invoked last, and the one invoked
   * last among those writing another value than it: enough to answer "the overwrite invoked last
   * that writes something other than v" for any v.
   */
  private static final class Latest {
    private final RegisterOp[] first;
    private final RegisterOp[] second;

    Latest(RegisterOp[] byRet) {
      first = new RegisterOp[byRet.length + 1];
      second = new RegisterOp[byRet.length + 1];
      RegisterOp a = null;
      RegisterOp b = null;
      for (int i = 0; i < byRet.length; i++) {
        RegisterOp w = byRet[i];
        if (a == null || w.call() > a.call()) {
          if (a != null && written(a) != written(w)) {
            b = a;
          }
          a = w;
        } else if (written(w) != written(a) && (b == null || w.call() > b.call())) {
          b = w;
        }
        first[i + 1] = a;
        second[i + 1] = b;
      }
    }

    /** Among the first {@code n} overwrites, the one invoked last that writes no {@code v}. */
    RegisterOp lastInvokedOtherThan(int n, int v) {
      RegisterOp a = first[n];
      if (a == null) {
        return null;
      }
      return written(a) != v ? a : second[n];
    }
  }
}
