package dev.firedrill.check.checker.linear;

import dev.firedrill.check.history.OpType;
import dev.firedrill.check.history.Operation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns client operations into register operations, one list per register, with values interned to
 * ints. Ops: {@code read} (ok value: the value read), {@code write} (value: the value written),
 * {@code cas} (value: {@code [expected, new]}). Failed operations are dropped (they did not
 * happen), and so are indeterminate reads (they change nothing and returned nothing). Keyed
 * registers take the key from the op's {@code key}, or from a Jepsen independent tuple {@code [key
 * value]} when there is none.
 */
public final class RegisterHistory {
  private final Map<Object, Integer> ids = new HashMap<>();
  private final List<Object> values = new ArrayList<>();
  private final Map<String, List<RegisterOp>> registers = new LinkedHashMap<>();
  private int dropped;

  private RegisterHistory() {
    values.add(null);
  }

  /**
   * Prepares the operations.
   *
   * @param keyed one register per key (else one register for all)
   * @throws IllegalArgumentException on an op that is not a well-formed read, write or cas
   */
  public static RegisterHistory of(List<Operation> operations, boolean keyed) {
    RegisterHistory h = new RegisterHistory();
    for (Operation o : operations) {
      if (o.outcome() != OpType.FAIL && !(o.f().equals("read") && o.indeterminate())) {
        h.add(o, keyed);
      }
    }
    h.registers.values().forEach(h::dropUnobserved);
    return h;
  }

  /**
   * Removes the indeterminate writes and cas whose new value no read returned and no cas expected.
   * Such an operation can always be linearized last (after which nobody looks), and if a
   * linearization places it earlier, removing it leaves one that is still legal; so the verdict is
   * unchanged, while every crashed client no longer doubles the search.
   */
  private void dropUnobserved(List<RegisterOp> ops) {
    java.util.Set<Integer> observed = new java.util.HashSet<>();
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

  /** How many unobserved indeterminate operations were dropped (see {@link #dropUnobserved}). */
  public int dropped() {
    return dropped;
  }

  /** The registers' operations, by key (the single register has key null). */
  public Map<String, List<RegisterOp>> registers() {
    return registers;
  }

  /** The interned id of a value (nil is {@link RegisterOp#NIL}). */
  public int intern(Object value) {
    if (value == null) {
      return RegisterOp.NIL;
    }
    Object v = value instanceof Number n && !(value instanceof Double) ? n.longValue() : value;
    return ids.computeIfAbsent(
        v,
        k -> {
          values.add(k);
          return values.size() - 1;
        });
  }

  /** The value of an interned id. */
  public Object value(int id) {
    return values.get(id);
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
          case "read" -> RegisterOp.Kind.READ;
          case "write" -> RegisterOp.Kind.WRITE;
          case "cas" -> RegisterOp.Kind.CAS;
          default -> throw new IllegalArgumentException("a register has no '" + o.f() + "'");
        };
    int a;
    int b = RegisterOp.NIL;
    switch (kind) {
      case READ -> a = intern(result);
      case WRITE -> a = intern(arg);
      default -> {
        if (!(arg instanceof List<?> pair) || pair.size() != 2) {
          throw new IllegalArgumentException(
              "a cas needs [expected, new], op " + o.invoke().index() + " has " + arg);
        }
        a = intern(pair.get(0));
        b = intern(pair.get(1));
      }
    }
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
