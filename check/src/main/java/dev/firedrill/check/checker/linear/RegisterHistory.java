package dev.firedrill.check.checker.linear;

import dev.firedrill.check.history.OpType;
import dev.firedrill.check.history.Operation;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns client operations into register operations, one list per register (key), with values
 * interned to ints.
 *
 * <p>Registers: {@code read} (ok value: the value read), {@code write} (value: the value written),
 * {@code cas} (value: {@code [expected, new]}). String kv ({@code strings}): {@code get} or {@code
 * read}, {@code put} or {@code write}, {@code append} (value: the string appended); values are
 * strings (a number is taken as its decimal text), and nil, as read from a missing key, is the
 * empty string.
 *
 * <p>Failed operations are dropped (they did not happen), and so are indeterminate reads (they
 * change nothing and returned nothing). Keyed registers take the key from the op's {@code key}, or
 * from a Jepsen independent tuple {@code [key value]} when there is none.
 *
 * <p>Values are interned by their text: {@code 7} and {@code "7"} are the same value (a service may
 * echo a written {@code "7"} as {@code 7}), an integer past 64 bits is its own exact value (never
 * wrapped), and lists and maps compare element by element the same way.
 */
public final class RegisterHistory {
  /** Stands for a nil inside a list or map value (a top-level nil is {@link RegisterOp#NIL}). */
  private static final Object NIL_INSIDE = new Object();

  private final boolean strings;
  private final Map<Object, Integer> ids = new HashMap<>();
  private final List<Object> values = new ArrayList<>();
  private final List<Object> canonical = new ArrayList<>();
  private final Map<String, List<RegisterOp>> registers = new LinkedHashMap<>();
  private int dropped;
  private long observations;

  private RegisterHistory(boolean strings) {
    this.strings = strings;
    values.add(null);
    canonical.add(null);
  }

  /**
   * Registers (read, write, cas) from these operations; see {@link #of(List, boolean, boolean)}.
   */
  public static RegisterHistory of(List<Operation> operations, boolean keyed) {
    return of(operations, keyed, false);
  }

  /**
   * Prepares the operations.
   *
   * @param keyed one register per key (else one register for all)
   * @param strings string kv semantics (get, put, append on strings) instead of registers
   * @throws IllegalArgumentException on an op that is not a well-formed operation of the model
   */
  public static RegisterHistory of(List<Operation> operations, boolean keyed, boolean strings) {
    RegisterHistory h = new RegisterHistory(strings);
    for (Operation o : operations) {
      boolean read = o.f().equals("read") || o.f().equals("get");
      if (o.outcome() != OpType.FAIL && !(read && o.indeterminate())) {
        h.add(o, keyed);
      }
    }
    h.registers.values().forEach(strings ? h::dropUnseenStrings : h::dropUnobserved);
    return h;
  }

  /**
   * Removes the indeterminate writes and cas whose new value no read returned and no cas expected.
   * Such an operation can always be linearized last (after which nobody looks), and if a
   * linearization places it earlier, removing it leaves one that is still legal; so the verdict is
   * unchanged, while every crashed client no longer doubles the search.
   */
  private void dropUnobserved(List<RegisterOp> ops) {
    Set<Integer> observed = new HashSet<>();
    for (RegisterOp o : ops) {
      if (o.kind() == RegisterOp.Kind.READ || o.kind() == RegisterOp.Kind.CAS) {
        observed.add(o.a());
      }
    }
    int before = ops.size();
    ops.removeIf(o ->
        o.indeterminate()
            && o.kind() != RegisterOp.Kind.READ
            && !observed.contains(o.kind() == RegisterOp.Kind.WRITE ? o.a() : o.b()));
    dropped += before - ops.size();
  }

  /**
   * The string kv form of {@link #dropUnobserved}: removes the indeterminate puts and appends whose
   * argument is not part of any string a get returned. In a legal order, every state from such an
   * operation up to the next put contains its argument, so no get is placed in that stretch;
   * removing the operation changes only states no get reads.
   */
  private void dropUnseenStrings(List<RegisterOp> ops) {
    List<String> read = new ArrayList<>();
    for (RegisterOp o : ops) {
      if (o.kind() == RegisterOp.Kind.READ) {
        read.add((String) canonical.get(o.a()));
      }
    }
    int before = ops.size();
    ops.removeIf(o -> {
      if (!o.indeterminate() || o.kind() == RegisterOp.Kind.READ) {
        return false;
      }
      String arg = (String) canonical.get(o.a());
      return read.stream().noneMatch(r -> r.contains(arg));
    });
    dropped += before - ops.size();
  }

  /** How many unobserved indeterminate operations were dropped (see {@link #dropUnobserved}). */
  public int dropped() {
    return dropped;
  }

  /**
   * The completed operations that observed a state: ok reads (a register's nil read observes
   * nothing: it is accepted whatever the value) and ok cas. Without one, a history constrains no
   * value and its linearizability says nothing.
   */
  public long observations() {
    return observations;
  }

  /** The registers' operations, by key (the single register has key null). */
  public Map<String, List<RegisterOp>> registers() {
    return registers;
  }

  /**
   * The interned id of a value (nil is {@link RegisterOp#NIL} for registers, the empty string for
   * string kv).
   *
   * @throws IllegalArgumentException for a string kv value that is not a string or a number
   */
  public int intern(Object value) {
    Object key = canonicalOf(value);
    if (key == null) {
      return RegisterOp.NIL;
    }
    return ids.computeIfAbsent(
        key,
        k -> {
          values.add(value);
          canonical.add(k);
          return values.size() - 1;
        });
  }

  /** The value of an interned id, as the history first wrote it. */
  public Object value(int id) {
    return values.get(id);
  }

  /** The canonical form of an interned id's value (for string kv: the string). */
  Object canonical(int id) {
    return canonical.get(id);
  }

  /** The id of a string kv value already interned, or -1. */
  int idOfText(String text) {
    Integer id = ids.get(text);
    return id == null ? -1 : id;
  }

  /** The number of interned values, nil included. */
  int size() {
    return values.size();
  }

  private Object canonicalOf(Object value) {
    if (strings) {
      return switch (value) {
        case null -> "";
        case String s -> s;
        case Number n -> n instanceof Double || n instanceof Float ? n.toString() : integer(n);
        case Boolean b -> b.toString();
        default ->
            throw new IllegalArgumentException("a string kv value is a string, not " + value);
      };
    }
    return register(value);
  }

  private static Object register(Object value) {
    return switch (value) {
      case null -> null;
      case Number n when !(n instanceof Double || n instanceof Float) -> integer(n);
      case List<?> list -> {
        List<Object> out = new ArrayList<>(list.size());
        list.forEach(e -> out.add(e == null ? NIL_INSIDE : register(e)));
        yield out;
      }
      case Map<?, ?> map -> {
        Map<Object, Object> out = new HashMap<>();
        map.forEach((k, v) -> out.put(register(k), v == null ? NIL_INSIDE : register(v)));
        yield out;
      }
      default -> value.toString();
    };
  }

  /** The decimal text of an integer, exact at any size. */
  private static String integer(Number n) {
    return n instanceof BigInteger b ? b.toString() : Long.toString(n.longValue());
  }

  private void add(Operation o, boolean keyed) {
    Object arg = o.invoke().value();
    Object result = o.ok() ? o.completion().value() : null;
    String key = keyed ? o.key() : null;
    if (keyed && key == null) {
      key = String.valueOf(tupleKey(arg != null ? arg : result));
      arg = tupleValue(arg);
      result = tupleValue(result);
    }
    RegisterOp.Kind kind =
        switch (o.f()) {
          case "read", "get" -> RegisterOp.Kind.READ;
          case "write", "put" -> RegisterOp.Kind.WRITE;
          case "cas" -> RegisterOp.Kind.CAS;
          case "append" -> RegisterOp.Kind.APPEND;
          default -> throw new IllegalArgumentException("a register has no '" + o.f() + "'");
        };
    int a;
    int b = RegisterOp.NIL;
    try {
      switch (kind) {
        case READ -> a = intern(result);
        case WRITE, APPEND -> a = intern(arg);
        default -> {
          if (!(arg instanceof List<?> pair) || pair.size() != 2) {
            throw new IllegalArgumentException(
                "a cas needs [expected, new], op " + o.invoke().index() + " has " + arg);
          }
          a = intern(pair.get(0));
          b = intern(pair.get(1));
        }
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          e.getMessage().startsWith("a cas")
              ? e.getMessage()
              : "op " + o.invoke().index() + " (" + o.f() + "): " + e.getMessage(),
          e);
    }
    boolean observes =
        o.ok()
            && (kind == RegisterOp.Kind.CAS
                || (kind == RegisterOp.Kind.READ && (strings || a != RegisterOp.NIL)));
    observations += observes ? 1 : 0;
    long ret = o.indeterminate() ? Long.MAX_VALUE : o.completion().index();
    registers
        .computeIfAbsent(key, k -> new ArrayList<>())
        .add(new RegisterOp(kind, a, b, o.indeterminate(), o.invoke().index(), ret, o));
  }

  private static Object tupleKey(Object v) {
    if (v instanceof List<?> t && t.size() == 2) {
      return t.get(0);
    }
    throw new IllegalArgumentException("a keyed op needs a key, or a value [key value]: " + v);
  }

  private static Object tupleValue(Object v) {
    return v instanceof List<?> t && t.size() == 2 ? t.get(1) : v;
  }
}
