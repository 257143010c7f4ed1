package dev.firedrill.cli;

import dev.firedrill.check.history.History;
import dev.firedrill.check.history.HistoryColumns;
import dev.firedrill.check.history.Op;
import dev.firedrill.check.history.OpType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@code firedrill check} reads from a history to choose a model and to hold it to the ops it
 * takes: the client f names (with the first entry of each), the shapes of read results and appended
 * values, and whether the ops are keyed. Read from the columns in one pass, so a 10M-op history
 * never becomes 10M {@link Op}s here.
 */
final class HistoryShape {
  /** The kinds of value a model's reads or appends may carry. */
  enum Kind {
    NUMBER,
    STRING,
    LIST,
    MAP,
    OTHER
  }

  private final Map<String, Integer> firstRow = new HashMap<>();
  private final Set<Kind> reads = EnumSet.noneOf(Kind.class);
  private final Set<Kind> appends = EnumSet.noneOf(Kind.class);
  private boolean keyed;
  private int registerValues;
  private int tupleValues;

  private HistoryShape() {}

  static HistoryShape of(History history) {
    HistoryColumns c = history.columns();
    HistoryShape s = new HistoryShape();
    int read = c.nameId("read");
    int get = c.nameId("get");
    int write = c.nameId("write");
    int append = c.nameId("append");
    int[] first = new int[16]; // by f id: the first client row, or -1
    java.util.Arrays.fill(first, -1);
    for (int row = 0; row < c.size(); row++) {
      if (c.process(row) == Op.NEMESIS) {
        continue;
      }
      int f = c.f(row);
      if (f >= first.length) {
        int old = first.length;
        first = java.util.Arrays.copyOf(first, Math.max(f + 1, old * 2));
        java.util.Arrays.fill(first, old, first.length, -1);
      }
      if (first[f] < 0) {
        first[f] = row;
      }
      s.keyed |= c.key(row) >= 0;
      boolean hasValue = c.valueKind(row) != HistoryColumns.NONE;
      if (!hasValue) {
        continue;
      }
      boolean okRead = (f == read || f == get) && c.type(row) == OpType.OK;
      if (okRead) {
        s.reads.add(kind(c, row));
      }
      if (f == append && c.type(row) == OpType.INVOKE) {
        s.appends.add(kind(c, row));
      }
      if (okRead || (f == write && c.type(row) == OpType.INVOKE)) {
        s.registerValues++;
        s.tupleValues += isPair(c, row) ? 1 : 0;
      }
    }
    for (int f = 0; f < first.length; f++) {
      if (first[f] >= 0) {
        s.firstRow.put(c.name(f), first[f]);
      }
    }
    return s;
  }

  private static Kind kind(HistoryColumns c, int row) {
    return switch (c.valueKind(row)) {
      case HistoryColumns.LONG -> Kind.NUMBER;
      case HistoryColumns.LONGS -> Kind.LIST;
      default ->
          switch (c.value(row)) {
            case Number n -> Kind.NUMBER;
            case String str -> Kind.STRING;
            case List<?> l -> Kind.LIST;
            case Map<?, ?> m -> Kind.MAP;
            default -> Kind.OTHER;
          };
    };
  }

  private static boolean isPair(HistoryColumns c, int row) {
    return c.valueKind(row) == HistoryColumns.LONGS
        ? c.listLength(row) == 2
        : c.value(row) instanceof List<?> l && l.size() == 2;
  }

  /** The client f names, sorted. */
  Set<String> fs() {
    return new TreeSet<>(firstRow.keySet());
  }

  /** The position of the first client entry with this f. */
  int firstRow(String f) {
    return firstRow.get(f);
  }

  /**
   * Whether the history looks like one of this model: the model takes all its f names, and its
   * values have the model's shapes. Where two models share f names, the values decide: a read of a
   * list is a set's, of a number a counter's; an append of a number an event's, of a string a
   * string kv's; keys (or Jepsen's {@code [key value]} tuples) make registers a kv.
   */
  boolean fits(CheckModels m) {
    Set<String> fs = CheckModels.relevant(fs(), m);
    if (fs.isEmpty() || !m.fs().containsAll(fs)) {
      return false;
    }
    boolean tuples = registerValues > 0 && tupleValues == registerValues;
    return switch (m) {
      case REGISTER -> false; // a cas-register with no cas: the same verdict
      case CAS_REGISTER -> !keyed && !tuples;
      case KV -> keyed || tuples;
      case STRING_KV ->
          (fs.contains("get") || fs.contains("put") || fs.contains("append"))
              && only(appends, Kind.STRING)
              && only(reads, Kind.STRING);
      case SET -> only(reads, Kind.LIST);
      case COUNTER -> only(reads, Kind.NUMBER);
      case EVENTS -> only(appends, Kind.NUMBER) && only(reads, Kind.NUMBER, Kind.LIST);
      case BANK -> only(reads, Kind.MAP);
      case QUEUE -> true;
      case CONVERGENCE -> fs.contains("read-source") || fs.contains("read-projection");
    };
  }

  private static boolean only(Set<Kind> seen, Kind... allowed) {
    return List.of(allowed).containsAll(seen);
  }

  /** The models this history fits, in declaration order. */
  List<CheckModels> candidates() {
    List<CheckModels> out = new ArrayList<>();
    for (CheckModels m : CheckModels.values()) {
      if (fits(m)) {
        out.add(m);
      }
    }
    return out;
  }
}
