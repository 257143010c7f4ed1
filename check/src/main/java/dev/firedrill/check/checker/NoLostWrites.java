package dev.firedrill.check.checker;

import dev.firedrill.check.history.History;
import dev.firedrill.check.history.HistoryColumns;
import dev.firedrill.check.history.Op;
import dev.firedrill.check.history.OpType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * No lost writes, with set semantics: every acknowledged element added to a set stays in it.
 *
 * <p>Ops: {@code add} with the element as value; {@code read} whose ok value is the whole set (a
 * list). Each {@code key} is a separate set. Terms:
 *
 * <ul>
 *   <li><b>attempted</b>: an {@code add} of the element was invoked.
 *   <li><b>acknowledged</b>: an {@code add} of it completed ok.
 *   <li><b>indeterminate</b>: every add of it completed info or never completed.
 *   <li><b>known</b>: from the earlier of its acknowledgement and the completion of the first read
 *       that contains it.
 *   <li>A read <b>follows</b> an element when the read was invoked after the element was known.
 *   <li><b>lost</b>: known, and absent from the last read that follows it (it disappeared and never
 *       came back). INVALID.
 *   <li><b>unexpected</b>: present in a read but never attempted, or all its adds failed. INVALID.
 *   <li><b>stale</b>: absent from a read that follows it, yet present in a later read. Legal under
 *       set semantics (noted as VALID); INVALID when the set must be linearizable.
 *   <li><b>recovered</b>: indeterminate, yet present in a read. Legal (a stat).
 *   <li><b>never-read</b>: acknowledged, but no read follows it: there is no final read, so the
 *       history cannot tell whether it survived. UNKNOWN.
 *   <li><b>stable latency</b>: from known to the invocation of the first read of the final run of
 *       reads that contain it; <b>lost latency</b>: the same for the final run that lacks it.
 *   <li><b>checked</b> (the evidence count): the elements a following read decided (known, and at
 *       least one read follows them), plus the unexpected ones. With none, and no other anomaly:
 *       UNKNOWN ({@code nothing-to-check}), e.g. when no add was acknowledged and no read returned
 *       anything.
 * </ul>
 *
 * @param linearizable whether stale reads are violations
 */
public record NoLostWrites(boolean linearizable) implements Checker {
  /** At most this many anomalies of one kind are listed; the stats hold the full counts. */
  static final int MAX_LISTED = 100;

  public NoLostWrites() {
    this(false);
  }

  @Override
  public String name() {
    return "no-lost-writes";
  }

  @Override
  public Result check(History history) {
    return check(history, history.size() >= PARALLEL_ROWS);
  }

  /** Checks with the sets analysed side by side, or one after the other: the same result. */
  Result check(History history, boolean parallel) {
    HistoryColumns c = history.columns();
    List<SetKey> sets = SetKey.byKey(c);
    // Sets are independent: a long history's are analysed side by side, then tallied in order.
    (parallel ? sets.parallelStream() : sets.stream()).forEach(set -> set.analyze(linearizable));
    Tally tally = new Tally(c);
    for (SetKey set : sets) {
      tally.addAll(set.tally);
    }
    return Result.of(
        name(), Evidence.require(tally.checked, tally.anomalies, tally.missing()), tally.stats());
  }

  @Override
  public java.util.Set<String> reads() {
    return java.util.Set.of("add", "read");
  }

  /** From this many history entries on, sets are checked in parallel. */
  private static final int PARALLEL_ROWS = 200_000;

  /**
   * The ops of one set, as rows of the history: each operation by the row of its invocation and of
   * its completion (-1 when it never completed; the same row for a completion without invocation).
   * Elements are numbered in the order the history first mentions them: the adds in invocation
   * order, then the reads in invocation order; anomalies are listed in that order.
   */
  private static final class SetKey {
    private static final long NEVER = Long.MAX_VALUE;
    private static final byte FAILED = 1;
    private static final byte UNCERTAIN = 2;
    private static final byte ACKNOWLEDGED = 3;

    final HistoryColumns c;
    final String key;
    final IntPairs adds = new IntPairs();
    final IntPairs reads = new IntPairs();

    // Elements, by number.
    int count;
    final LongIntMap longIds = new LongIntMap();
    Map<Object, Integer> objectIds;
    long[] longValue = new long[16];
    Object[] objectValue; // null unless an element is not an integer
    int[] addInvoke = new int[16]; // the add that decides its outcome, or -1
    int[] addComplete = new int[16];
    byte[] rank = new byte[16]; // 0 never added, else FAILED, UNCERTAIN, ACKNOWLEDGED
    long[] known = new long[16];
    long[] knownTime = new long[16];
    boolean[] seen = new boolean[16];
    boolean[] unexpected = new boolean[16];
    byte[] state = new byte[16]; // 0 unseen by a following read, 1 present, 2 absent
    int[] runStart = new int[16]; // the read (position in okReads) that began the current run
    int[] staleRead = new int[16];

    final Tally tally;

    SetKey(HistoryColumns c, String key) {
      this.c = c;
      this.key = key;
      this.tally = new Tally(c);
    }

    /** Pairs the history's client adds and reads, and groups them by key in first-use order. */
    static List<SetKey> byKey(HistoryColumns c) {
      int addF = c.nameId("add");
      int readF = c.nameId("read");
      List<SetKey> sets = new ArrayList<>();
      if (addF < 0 && readF < 0) {
        return sets;
      }
      int n = c.size();
      int[] pairs = c.pairs();
      int[] bucket = new int[0];
      int nullBucket = -1;
      for (int row = 0; row < n; row++) {
        int f = c.f(row);
        int done = pairs[row];
        if (done == HistoryColumns.COMPLETES
            || c.process(row) == Op.NEMESIS
            || (f != addF && f != readF)) {
          continue;
        }
        int k = c.key(row);
        if (k < 0 && done >= 0) {
          k = c.key(done);
        }
        int b;
        if (k < 0) {
          if (nullBucket < 0) {
            nullBucket = sets.size();
            sets.add(new SetKey(c, null));
          }
          b = nullBucket;
        } else {
          if (k >= bucket.length) {
            int old = bucket.length;
            bucket = Arrays.copyOf(bucket, Math.max(k + 1, old * 2 + 16));
            Arrays.fill(bucket, old, bucket.length, -1);
          }
          if (bucket[k] < 0) {
            bucket[k] = sets.size();
            sets.add(new SetKey(c, c.name(k)));
          }
          b = bucket[k];
        }
        (f == addF ? sets.get(b).adds : sets.get(b).reads).add(row, done);
      }
      return sets;
    }

    void analyze(boolean linearizable) {
      for (int i = 0; i < adds.size; i++) {
        int invoke = adds.first[i];
        int done = adds.second[i];
        int e = element(invoke);
        byte r = done < 0 ? UNCERTAIN : rank(c.type(done));
        if (rank[e] == 0 || r > rank[e]) {
          rank[e] = r;
          addInvoke[e] = invoke;
          addComplete[e] = done;
        }
      }
      IntPairs okReads = new IntPairs();
      for (int i = 0; i < reads.size; i++) {
        int invoke = reads.first[i];
        int done = reads.second[i];
        if (done < 0 || c.type(done) != OpType.OK) {
          continue;
        }
        int valueRow = c.valueKind(done) != HistoryColumns.NONE ? done : invoke;
        if (c.valueKind(valueRow) == HistoryColumns.LONGS
            || c.value(valueRow) instanceof Collection<?>) {
          okReads.add(invoke, done);
          okReads.third(valueRow);
        } else {
          tally.add(
              Anomaly.unknown(
                  "malformed-read",
                  key,
                  Explain.keyed(key) + Explain.op(tally.op(done)) + " does not return a list",
                  List.of(tally.op(done))));
        }
      }
      tally.reads += okReads.size;
      okReads.sortByFirst(c);
      int[][] contents = markKnown(okReads, tally);
      followReads(okReads, contents);
      conclude(tally, linearizable, okReads);
      release();
    }

    /** Drops what only the analysis needed; the tally stays. */
    private void release() {
      longIds.clear();
      objectIds = null;
      longValue = null;
      objectValue = null;
      addInvoke = null;
      addComplete = null;
      rank = null;
      known = null;
      knownTime = null;
      seen = null;
      unexpected = null;
      state = null;
      runStart = null;
      staleRead = null;
    }

    private static byte rank(OpType outcome) {
      return switch (outcome) {
        case OK -> ACKNOWLEDGED;
        case FAIL -> FAILED;
        default -> UNCERTAIN;
      };
    }

    /** The number of the element an add's invocation names. */
    private int element(int row) {
      return c.valueKind(row) == HistoryColumns.LONG
          ? longElement(c.valueLong(row))
          : objectElement(c.value(row));
    }

    private int longElement(long value) {
      int e = longIds.get(value);
      if (e < 0) {
        e = newElement();
        longValue[e] = value;
        longIds.put(value, e);
      }
      return e;
    }

    private int objectElement(Object value) {
      if (value instanceof Long l) {
        return longElement(l);
      }
      if (objectIds == null) {
        objectIds = new HashMap<>();
      }
      Integer e = objectIds.get(value);
      if (e == null) {
        e = newElement();
        if (objectValue == null) {
          objectValue = new Object[longValue.length];
        }
        objectValue[e] = value;
        objectIds.put(value, e);
      }
      return e;
    }

    private int newElement() {
      if (count == longValue.length) {
        int n = count * 2;
        longValue = Arrays.copyOf(longValue, n);
        objectValue = objectValue == null ? null : Arrays.copyOf(objectValue, n);
        addInvoke = Arrays.copyOf(addInvoke, n);
        addComplete = Arrays.copyOf(addComplete, n);
        rank = Arrays.copyOf(rank, n);
        known = Arrays.copyOf(known, n);
        knownTime = Arrays.copyOf(knownTime, n);
        seen = Arrays.copyOf(seen, n);
        unexpected = Arrays.copyOf(unexpected, n);
        state = Arrays.copyOf(state, n);
        runStart = Arrays.copyOf(runStart, n);
        staleRead = Arrays.copyOf(staleRead, n);
      }
      int e = count++;
      addInvoke[e] = -1;
      addComplete[e] = -1;
      known[e] = NEVER;
      runStart[e] = -1;
      staleRead[e] = -1;
      return e;
    }

    /** The element's value as the history wrote it. */
    Object value(int e) {
      return objectValue != null && objectValue[e] != null ? objectValue[e] : longValue[e];
    }

    /**
     * Finds each element's known point, and the unexpected elements. Returns each read's elements
     * (in okReads order), so that later passes need no lookup: a read contains an element iff one
     * of its values equals the element's value, iff that value maps to the element here.
     */
    private int[][] markKnown(IntPairs okReads, Tally tally) {
      for (int e = 0; e < count; e++) {
        if (rank[e] == ACKNOWLEDGED) {
          known[e] = c.index(addComplete[e]);
          knownTime[e] = c.time(addComplete[e]);
        }
      }
      int[][] contents = new int[okReads.size][];
      for (int n = 0; n < okReads.size; n++) {
        int done = okReads.second[n];
        int valueRow = okReads.third[n];
        long readIndex = c.index(done);
        int[] content;
        if (c.valueKind(valueRow) == HistoryColumns.LONGS) {
          content = new int[c.listLength(valueRow)];
          for (int i = 0; i < content.length; i++) {
            content[i] = longElement(c.listElement(valueRow, i));
          }
        } else {
          Collection<?> values = (Collection<?>) c.value(valueRow);
          content = new int[values.size()];
          int i = 0;
          for (Object v : values) {
            content[i++] = objectElement(v);
          }
        }
        contents[n] = content;
        for (int e : content) {
          seen[e] = true;
          if (rank[e] == 0 || rank[e] == FAILED) {
            if (!unexpected[e]) {
              unexpected[e] = true;
              Op add = rank[e] == 0 ? null : tally.op(addComplete[e]);
              tally.unexpected(key, value(e), add, tally.op(done));
            }
          } else if (readIndex < known[e]) {
            known[e] = readIndex;
            knownTime[e] = c.time(done);
          }
        }
      }
      return contents;
    }

    /**
     * Follows each known, expected element through the reads that follow it (those invoked after it
     * was known: a suffix of the reads, in invocation order): the runs of reads it is present in
     * and absent from. Sets its final state, the read that began its final run, and the read that
     * began the first absence it came back from (stale). Walks each element's own reads, so the
     * cost is the total size of the reads.
     */
    private void followReads(IntPairs okReads, int[][] contents) {
      int reads = okReads.size;
      long[] invoked = new long[reads];
      for (int n = 0; n < reads; n++) {
        invoked[n] = c.index(okReads.first[n]);
      }
      // The reads that contain each element, ascending (compressed rows).
      int[] start = new int[count + 1];
      for (int[] content : contents) {
        for (int e : content) {
          start[e + 1]++;
        }
      }
      for (int e = 0; e < count; e++) {
        start[e + 1] += start[e];
      }
      int[] fill = Arrays.copyOf(start, count);
      int[] containing = new int[start[count]];
      for (int n = 0; n < reads; n++) {
        for (int e : contents[n]) {
          containing[fill[e]++] = n;
        }
      }
      for (int e = 0; e < count; e++) {
        if (unexpected[e] || known[e] == NEVER) {
          continue;
        }
        int first = firstInvokedAfter(invoked, known[e]);
        if (first == reads) {
          continue; // no read follows it
        }
        int next = first; // the first read not yet accounted for
        int presentFrom = -1; // the read that began the current run of presence
        for (int j = start[e]; j < start[e + 1]; j++) {
          int n = containing[j];
          if (n < next) {
            continue; // before it was known, or listed twice in one read
          }
          if (n > next) {
            // Absent from reads next..n-1, present again at n.
            if (staleRead[e] < 0) {
              staleRead[e] = next;
            }
            presentFrom = n;
          } else if (presentFrom < 0) {
            presentFrom = n;
          }
          next = n + 1;
        }
        if (next < reads) {
          state[e] = 2;
          runStart[e] = next;
        } else {
          state[e] = 1;
          runStart[e] = presentFrom;
        }
      }
    }

    /** The first read invoked after this index, or the number of reads. */
    private static int firstInvokedAfter(long[] invoked, long index) {
      int lo = 0;
      int hi = invoked.length;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (invoked[mid] > index) {
          hi = mid;
        } else {
          lo = mid + 1;
        }
      }
      return lo;
    }

    private void conclude(Tally tally, boolean linearizable, IntPairs okReads) {
      List<Op> neverRead = new ArrayList<>();
      int neverReadCount = 0;
      for (int e = 0; e < count; e++) {
        if (unexpected[e]) {
          continue;
        }
        tally.count(rank[e], seen[e], state[e]);
        if (staleRead[e] >= 0) {
          int read = staleRead[e];
          tally.stale(
              key,
              value(e),
              known[e],
              tally.op(okReads.first[read]),
              tally.op(okReads.second[read]),
              linearizable);
        }
        if (state[e] == 2) {
          long latency = c.time(okReads.first[runStart[e]]) - knownTime[e];
          boolean acked = rank[e] == ACKNOWLEDGED;
          Op ack = tally.op(acked ? addComplete[e] : addInvoke[e]);
          tally.lost(key, value(e), acked, ack, tally.op(okReads.second[runStart[e]]), latency);
        } else if (state[e] == 1) {
          tally.stableLatency.add(c.time(okReads.first[runStart[e]]) - knownTime[e]);
        } else if (rank[e] == ACKNOWLEDGED) {
          if (neverReadCount++ < 5) {
            neverRead.add(tally.op(addComplete[e]));
          }
        }
      }
      tally.neverRead(key, neverReadCount, neverRead);
    }
  }

  /** Growable parallel int columns. */
  private static final class IntPairs {
    int size;
    int[] first = new int[16];
    int[] second = new int[16];
    int[] third = new int[16];

    void add(int a, int b) {
      if (size == first.length) {
        first = Arrays.copyOf(first, size * 2);
        second = Arrays.copyOf(second, size * 2);
        third = Arrays.copyOf(third, size * 2);
      }
      first[size] = a;
      second[size++] = b;
    }

    void third(int value) {
      third[size - 1] = value;
    }

    /** Sorts by the history index of the first row, stable; usually already in order. */
    void sortByFirst(HistoryColumns c) {
      boolean sorted = true;
      for (int i = 1; i < size && sorted; i++) {
        sorted = c.index(first[i - 1]) <= c.index(first[i]);
      }
      if (sorted) {
        return;
      }
      Integer[] order = new Integer[size];
      for (int i = 0; i < size; i++) {
        order[i] = i;
      }
      Arrays.sort(order, Comparator.comparingLong(i -> c.index(first[i])));
      int[] a = new int[size];
      int[] b = new int[size];
      int[] t = new int[size];
      for (int i = 0; i < size; i++) {
        a[i] = first[order[i]];
        b[i] = second[order[i]];
        t[i] = third[order[i]];
      }
      first = a;
      second = b;
      third = t;
    }
  }

  /** An open-addressing map from long to a non-negative int; -1 when absent. */
  private static final class LongIntMap {
    private long[] keys = new long[64];
    private int[] values = new int[64];
    private boolean[] used = new boolean[64];
    private int size;

    void clear() {
      keys = new long[0];
      values = new int[0];
      used = new boolean[0];
      size = 0;
    }

    int get(long key) {
      int mask = keys.length - 1;
      for (int i = slot(key, mask); used[i]; i = (i + 1) & mask) {
        if (keys[i] == key) {
          return values[i];
        }
      }
      return -1;
    }

    void put(long key, int value) {
      if ((size + 1) * 2 > keys.length) {
        long[] oldKeys = keys;
        int[] oldValues = values;
        boolean[] oldUsed = used;
        keys = new long[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        used = new boolean[oldKeys.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
          if (oldUsed[i]) {
            put(oldKeys[i], oldValues[i]);
          }
        }
      }
      int mask = keys.length - 1;
      int i = slot(key, mask);
      while (used[i] && keys[i] != key) {
        i = (i + 1) & mask;
      }
      if (!used[i]) {
        used[i] = true;
        size++;
      }
      keys[i] = key;
      values[i] = value;
    }

    private static int slot(long key, int mask) {
      long h = key * 0x9E3779B97F4A7C15L;
      return (int) (h ^ (h >>> 32)) & mask;
    }
  }

  /** Anomalies and counts across all keys. */
  private static final class Tally {
    final HistoryColumns c;
    final Map<Integer, Op> ops = new HashMap<>();
    final List<Anomaly> anomalies = new ArrayList<>();
    final Map<String, Integer> listed = new HashMap<>();
    final Latencies stableLatency = new Latencies();
    final Latencies lostLatency = new Latencies();
    long attempted;
    long acknowledged;
    long failed;
    long indeterminate;
    long recovered;
    long stable;
    long lost;
    long stale;
    long unexpected;
    long neverRead;
    long reads;
    long checked;

    Tally(HistoryColumns c) {
      this.c = c;
    }

    /** The entry of this row as an op, made once (only anomalies need ops). */
    Op op(int row) {
      return ops.computeIfAbsent(row, c::op);
    }

    void add(Anomaly a) {
      if (listed.merge(a.kind(), 1, Integer::sum) <= MAX_LISTED) {
        anomalies.add(a);
      }
    }

    /** Adds another tally's counts and anomalies (still at most MAX_LISTED listed per kind). */
    void addAll(Tally other) {
      other.anomalies.forEach(this::add);
      stableLatency.addAll(other.stableLatency);
      lostLatency.addAll(other.lostLatency);
      attempted += other.attempted;
      acknowledged += other.acknowledged;
      failed += other.failed;
      indeterminate += other.indeterminate;
      recovered += other.recovered;
      stable += other.stable;
      lost += other.lost;
      stale += other.stale;
      unexpected += other.unexpected;
      neverRead += other.neverRead;
      reads += other.reads;
      checked += other.checked;
    }

    void count(byte rank, boolean seen, byte state) {
      if (rank == 0) {
        return;
      }
      attempted++;
      switch (rank) {
        case SetKey.ACKNOWLEDGED -> acknowledged++;
        case SetKey.FAILED -> failed++;
        default -> {
          indeterminate++;
          recovered += seen ? 1 : 0;
        }
      }
      stable += state == 1 ? 1 : 0;
      checked += state != 0 ? 1 : 0;
    }

    void unexpected(String key, Object value, Op failedAdd, Op read) {
      unexpected++;
      checked++;
      if (full("unexpected")) {
        return;
      }
      String why =
          failedAdd == null ? "never added" : "its add failed (" + Explain.op(failedAdd) + ")";
      List<Op> evidence = failedAdd == null ? List.of(read) : List.of(failedAdd, read);
      add(
          Anomaly.invalid(
                  "unexpected",
                  key,
                  Explain.keyed(key)
                      + "element "
                      + value
                      + " was "
                      + why
                      + " but "
                      + Explain.op(read)
                      + " returned it",
                  evidence)
              .with(details("element", value)));
    }

    void lost(String key, Object value, boolean acked, Op ack, Op read, long latency) {
      lost++;
      lostLatency.add(latency);
      if (full("lost")) {
        return;
      }
      Map<String, Object> details = details("element", value);
      details.put("lostAfterMillis", Math.max(0, latency) / 1e6);
      add(
          Anomaly.invalid(
                  "lost",
                  key,
                  Explain.keyed(key)
                      + "element "
                      + value
                      + " was "
                      + (acked ? "acknowledged by " : "seen, added by ")
                      + Explain.op(ack)
                      + ", then absent from "
                      + Explain.op(read)
                      + " and every later read",
                  List.of(ack, read))
              .with(details));
    }

    void stale(String key, Object value, long known, Op invoke, Op read, boolean linearizable) {
      stale++;
      if (full("stale")) {
        return;
      }
      add(
          new Anomaly(
              "stale",
              linearizable ? Validity.INVALID : Validity.VALID,
              key,
              Explain.keyed(key)
                  + "element "
                  + value
                  + " was known at index "
                  + known
                  + " but absent from "
                  + Explain.op(read)
                  + ", and present again later",
              List.of(invoke, read),
              details("element", value)));
    }

    void neverRead(String key, int count, List<Op> examples) {
      if (count == 0) {
        return;
      }
      neverRead += count;
      add(
          Anomaly.unknown(
              "never-read",
              key,
              Explain.keyed(key)
                  + count
                  + " acknowledged element(s) were never read afterwards (no final read), e.g. "
                  + Explain.op(examples.get(0)),
              examples));
    }

    /** Whether this kind already has its listed maximum: the anomaly is counted, not made. */
    private boolean full(String kind) {
      Integer n = listed.get(kind);
      if (n != null && n >= MAX_LISTED) {
        listed.put(kind, n + 1);
        return true;
      }
      return false;
    }

    private static Map<String, Object> details(String name, Object value) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put(name, value);
      return d;
    }

    /** What a history with nothing to check lacked. */
    String missing() {
      if (attempted == 0 && reads == 0) {
        return "no add and no ok read of a set";
      }
      if (reads == 0) {
        return attempted + " add(s), " + acknowledged + " acknowledged, and no ok read of a set";
      }
      return attempted
          + " add(s), "
          + acknowledged
          + " acknowledged, and "
          + reads
          + " ok read(s) of a set, but no read followed an acknowledged or seen element";
    }

    Map<String, Object> stats() {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put(Evidence.CHECKED, checked);
      s.put("reads", reads);
      s.put("attempted", attempted);
      s.put("acknowledged", acknowledged);
      s.put("failed", failed);
      s.put("indeterminate", indeterminate);
      s.put("recovered", recovered);
      s.put("stable", stable);
      s.put("lost", lost);
      s.put("stale", stale);
      s.put("unexpected", unexpected);
      s.put("neverRead", neverRead);
      s.put("stableLatencyMillis", stableLatency.quantilesMillis());
      s.put("lostLatencyMillis", lostLatency.quantilesMillis());
      return s;
    }
  }
}
