package dev.firedrill.check.history;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A history held as columns of primitives, one row per entry in history order: what a checker of
 * long histories reads instead of millions of {@link Op} records. Function names and keys are
 * interned to small ids ({@link #name(int)}); a value is kept by kind: absent, one integer, a list
 * of integers (in one shared pool, the shape of every set read), or any other value as an object.
 * {@link #op(int)} rebuilds the entry as an {@link Op}, equal to the one it was made from.
 *
 * <p>Immutable once built; made by {@link JsonlHistoryReader} or from ops ({@link #of(List)}).
 */
public final class HistoryColumns {
  /** Value kinds ({@link #valueKind(int)}). */
  public static final byte NONE = 0;

  /** An integer: {@link #valueLong(int)}. */
  public static final byte LONG = 1;

  /** A list of integers: {@link #listLength(int)} and {@link #listElement(int, int)}. */
  public static final byte LONGS = 2;

  /** Any other value: {@link #value(int)}. */
  public static final byte OBJECT = 3;

  private static final OpType[] TYPES = OpType.values();

  private final int size;
  private final long[] index;
  private final long[] time;
  private final int[] process;
  private final byte[] type;
  private final int[] f;
  private final int[] key;
  private final byte[] kind;
  private final long[] valueLong;
  private final long[] pool;
  private final Object[] objects;
  private final String[][] texts; // idempotency key, trace id, error, endpoint; null when unused
  private final String[] names;
  private final Map<String, Integer> nameIds;
  private final List<Op> source;
  private int[] pairs;

  private HistoryColumns(Builder b, String[] names, List<Op> source) {
    this.size = b.size;
    this.index = b.index;
    this.time = b.time;
    this.process = b.process;
    this.type = b.type;
    this.f = b.f;
    this.key = b.key;
    this.kind = b.kind;
    this.valueLong = b.valueLong;
    this.pool = b.pool;
    this.objects = b.objects;
    this.texts = b.texts;
    this.names = names;
    this.nameIds = new HashMap<>();
    for (int i = 0; i < names.length; i++) {
      nameIds.putIfAbsent(names[i], i);
    }
    this.source = source;
  }

  /** The columns of these ops, in this order. */
  public static HistoryColumns of(List<Op> ops) {
    Builder b = new Builder(ops.size());
    Row row = new Row();
    for (Op op : ops) {
      row.clear();
      row.index = op.index();
      row.hasIndex = true;
      row.time = op.time();
      row.process = op.process();
      row.type = op.type();
      row.f = b.names.id(op.f());
      row.key = op.key() == null ? -1 : b.names.id(op.key());
      row.setValue(op.value());
      row.idempotencyKey = op.idempotencyKey();
      row.traceId = op.traceId();
      row.error = op.error();
      row.endpoint = op.endpoint();
      b.append(row);
    }
    return b.build(ops);
  }

  public int size() {
    return size;
  }

  public long index(int row) {
    return index[row];
  }

  public long time(int row) {
    return time[row];
  }

  /** The process, or {@link Op#NEMESIS}. */
  public int process(int row) {
    return process[row];
  }

  public OpType type(int row) {
    return TYPES[type[row]];
  }

  /** The id of the function name. */
  public int f(int row) {
    return f[row];
  }

  /** The id of the key, or -1 when the entry has none. */
  public int key(int row) {
    return key[row];
  }

  /** The name (a function or a key) with this id. */
  public String name(int id) {
    return id < 0 ? null : names[id];
  }

  /** The id of this function name or key, or -1 when no entry uses it. */
  public int nameId(String name) {
    Integer id = nameIds.get(name);
    return id == null ? -1 : id;
  }

  /** {@link #NONE}, {@link #LONG}, {@link #LONGS} or {@link #OBJECT}. */
  public byte valueKind(int row) {
    return kind[row];
  }

  /** The value of a {@link #LONG} entry. */
  public long valueLong(int row) {
    return valueLong[row];
  }

  /** The number of integers in a {@link #LONGS} value. */
  public int listLength(int row) {
    return (int) pool[(int) valueLong[row]];
  }

  /** The i-th integer of a {@link #LONGS} value. */
  public long listElement(int row, int i) {
    return pool[(int) valueLong[row] + 1 + i];
  }

  /** The value as {@link Op#value()} gives it (a fresh list for {@link #LONGS}). */
  public Object value(int row) {
    if (source != null) {
      return source.get(row).value();
    }
    return switch (kind[row]) {
      case LONG -> valueLong[row];
      case LONGS -> {
        int n = listLength(row);
        List<Object> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          list.add(listElement(row, i));
        }
        yield list;
      }
      case OBJECT -> objects[row];
      default -> null;
    };
  }

  /** The entry as an op. */
  public Op op(int row) {
    if (source != null) {
      return source.get(row);
    }
    return new Op(
        index[row],
        time[row],
        process[row],
        type(row),
        names[f[row]],
        name(key[row]),
        value(row),
        text(0, row),
        text(1, row),
        text(2, row),
        text(3, row));
  }

  /** In {@link #pairs()}: the row completes an earlier invocation. */
  public static final int COMPLETES = -2;

  /** In {@link #pairs()}: the invocation never completes. */
  public static final int OPEN = -1;

  /**
   * The operations, paired as {@link History#operations()} pairs them: for a row that begins an
   * operation (an invocation, or a completion with no pending invocation, or a nemesis info that
   * opens a fault), the row of its completion ({@link #OPEN} if none; itself for a lone
   * completion); {@link #COMPLETES} for a row that completes an earlier one. Computed once.
   */
  public synchronized int[] pairs() {
    if (pairs != null) {
      return pairs;
    }
    int[] out = new int[size];
    int[] slot = ProcessSlots.of(size, row -> process[row]);
    int[] pending = new int[ProcessSlots.count(slot)];
    Arrays.fill(pending, -1);
    for (int row = 0; row < size; row++) {
      boolean nemesis = process[row] == Op.NEMESIS;
      int p = slot[row];
      OpType t = TYPES[type[row]];
      // Jepsen records a fault as two info entries of the nemesis: the first opens it.
      boolean opens = t == OpType.INVOKE || (nemesis && t == OpType.INFO && pending[p] < 0);
      if (opens) {
        out[row] = OPEN;
        pending[p] = row; // a previous pending invocation of p stays OPEN
      } else if (pending[p] >= 0) {
        out[pending[p]] = row;
        out[row] = COMPLETES;
        pending[p] = -1;
      } else {
        out[row] = row;
      }
    }
    pairs = out;
    return out;
  }

  /** Every entry as an op. */
  List<Op> ops() {
    if (source != null) {
      return source;
    }
    List<Op> ops = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      ops.add(op(i));
    }
    return ops;
  }

  private String text(int column, int row) {
    return texts[column] == null ? null : texts[column][row];
  }

  /** One entry being parsed: reused from line to line, so a line allocates nothing else. */
  static final class Row {
    long index;
    boolean hasIndex;
    long time;
    int process;
    OpType type;
    int f;
    int key;
    byte kind;
    long valueLong;
    long[] longs = new long[16];
    int longCount;
    Object object;
    String idempotencyKey;
    String traceId;
    String error;
    String endpoint;

    void clear() {
      hasIndex = false;
      index = 0;
      time = 0;
      process = Integer.MIN_VALUE;
      type = null;
      f = -1;
      key = -1;
      kind = NONE;
      object = null;
      idempotencyKey = null;
      traceId = null;
      error = null;
      endpoint = null;
    }

    void setValue(Object value) {
      kind = NONE;
      object = null;
      if (value == null) {
        return;
      }
      if (value instanceof Long l) {
        kind = LONG;
        valueLong = l;
        return;
      }
      if (value instanceof List<?> list && allLongs(list)) {
        kind = LONGS;
        longCount = 0;
        for (Object e : list) {
          addLong((Long) e);
        }
        return;
      }
      kind = OBJECT;
      object = value;
    }

    private static boolean allLongs(List<?> list) {
      for (Object e : list) {
        if (!(e instanceof Long)) {
          return false;
        }
      }
      return true;
    }

    void addLong(long v) {
      if (longCount == longs.length) {
        longs = Arrays.copyOf(longs, longCount * 2);
      }
      longs[longCount++] = v;
    }

    /** The integers parsed so far as a list of Longs (a list turned out to hold more). */
    List<Object> longsAsList() {
      List<Object> list = new ArrayList<>(longCount + 8);
      for (int i = 0; i < longCount; i++) {
        list.add(longs[i]);
      }
      return list;
    }
  }

  /** Interns function names and keys to ids. */
  static final class Names {
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> names = new ArrayList<>();

    int id(String name) {
      Integer id = ids.get(name);
      if (id == null) {
        id = names.size();
        ids.put(name, id);
        names.add(name);
      }
      return id;
    }

    String name(int id) {
      return names.get(id);
    }

    int size() {
      return names.size();
    }

    String[] toArray() {
      return names.toArray(new String[0]);
    }
  }

  /** Appends rows; one per parsing thread, joined by {@link #concat}. */
  static final class Builder {
    final Names names = new Names();
    final BitSet positional = new BitSet(); // rows whose index is their position (none in file)
    int size;
    long[] index;
    long[] time;
    int[] process;
    byte[] type;
    int[] f;
    int[] key;
    byte[] kind;
    long[] valueLong;
    long[] pool = new long[1024];
    int poolSize;
    Object[] objects;
    final String[][] texts = new String[4][];

    Builder(int capacity) {
      int c = Math.max(16, capacity);
      index = new long[c];
      time = new long[c];
      process = new int[c];
      type = new byte[c];
      f = new int[c];
      key = new int[c];
      kind = new byte[c];
      valueLong = new long[c];
    }

    void append(Row row) {
      if (size == index.length) {
        grow();
      }
      int r = size++;
      if (row.hasIndex) {
        index[r] = row.index;
      } else {
        index[r] = r;
        positional.set(r);
      }
      time[r] = row.time;
      process[r] = row.process;
      type[r] = (byte) row.type.ordinal();
      f[r] = row.f;
      key[r] = row.key;
      kind[r] = row.kind;
      switch (row.kind) {
        case LONG -> valueLong[r] = row.valueLong;
        case LONGS -> {
          ensurePool(row.longCount + 1);
          valueLong[r] = poolSize;
          pool[poolSize++] = row.longCount;
          System.arraycopy(row.longs, 0, pool, poolSize, row.longCount);
          poolSize += row.longCount;
        }
        case OBJECT -> {
          if (objects == null) {
            objects = new Object[index.length];
          }
          objects[r] = row.object;
        }
        default -> {}
      }
      text(0, r, row.idempotencyKey);
      text(1, r, row.traceId);
      text(2, r, row.error);
      text(3, r, row.endpoint);
    }

    private void text(int column, int r, String value) {
      if (value != null) {
        if (texts[column] == null) {
          texts[column] = new String[index.length];
        }
        texts[column][r] = value;
      }
    }

    private void ensurePool(int more) {
      long needed = (long) poolSize + more;
      if (needed > pool.length) {
        if (needed > Integer.MAX_VALUE - 16) {
          throw new HistoryFormatException("history too large: more than 2^31 listed values");
        }
        pool =
            Arrays.copyOf(
                pool, (int) Math.min(Integer.MAX_VALUE - 16, Math.max(needed, pool.length * 2L)));
      }
    }

    private void grow() {
      int c = index.length * 2;
      index = Arrays.copyOf(index, c);
      time = Arrays.copyOf(time, c);
      process = Arrays.copyOf(process, c);
      type = Arrays.copyOf(type, c);
      f = Arrays.copyOf(f, c);
      key = Arrays.copyOf(key, c);
      kind = Arrays.copyOf(kind, c);
      valueLong = Arrays.copyOf(valueLong, c);
      if (objects != null) {
        objects = Arrays.copyOf(objects, c);
      }
      for (int t = 0; t < texts.length; t++) {
        if (texts[t] != null) {
          texts[t] = Arrays.copyOf(texts[t], c);
        }
      }
    }

    HistoryColumns build(List<Op> source) {
      return new HistoryColumns(this, names.toArray(), source);
    }

    /**
     * Joins the parts in order into one: ids renumbered into one name table, list offsets moved,
     * and a row without an index in its file gets its position in the whole history.
     */
    static HistoryColumns concat(List<Builder> parts) {
      if (parts.size() == 1) {
        return parts.get(0).build(null);
      }
      long total = 0;
      long poolTotal = 0;
      for (Builder p : parts) {
        total += p.size;
        poolTotal += p.poolSize;
      }
      if (total > Integer.MAX_VALUE - 16 || poolTotal > Integer.MAX_VALUE - 16) {
        throw new HistoryFormatException("history too large: more than 2^31 entries or values");
      }
      Builder all = new Builder((int) total);
      all.pool = new long[(int) Math.max(16, poolTotal)];
      for (Builder p : parts) {
        int[] ids = new int[p.names.size()];
        for (int i = 0; i < ids.length; i++) {
          ids[i] = all.names.id(p.names.name(i));
        }
        int base = all.size;
        int n = p.size;
        System.arraycopy(p.time, 0, all.time, base, n);
        System.arraycopy(p.process, 0, all.process, base, n);
        System.arraycopy(p.type, 0, all.type, base, n);
        System.arraycopy(p.kind, 0, all.kind, base, n);
        System.arraycopy(p.index, 0, all.index, base, n);
        for (int r = p.positional.nextSetBit(0); r >= 0; r = p.positional.nextSetBit(r + 1)) {
          all.index[base + r] = base + r;
        }
        for (int r = 0; r < n; r++) {
          all.f[base + r] = ids[p.f[r]];
          int k = p.key[r];
          all.key[base + r] = k < 0 ? -1 : ids[k];
          all.valueLong[base + r] =
              p.kind[r] == LONGS ? p.valueLong[r] + all.poolSize : p.valueLong[r];
        }
        System.arraycopy(p.pool, 0, all.pool, all.poolSize, p.poolSize);
        all.poolSize += p.poolSize;
        if (p.objects != null) {
          if (all.objects == null) {
            all.objects = new Object[all.index.length];
          }
          System.arraycopy(p.objects, 0, all.objects, base, n);
        }
        for (int t = 0; t < p.texts.length; t++) {
          if (p.texts[t] != null) {
            if (all.texts[t] == null) {
              all.texts[t] = new String[all.index.length];
            }
            System.arraycopy(p.texts[t], 0, all.texts[t], base, n);
          }
        }
        all.size += n;
      }
      return all.build(null);
    }
  }
}
