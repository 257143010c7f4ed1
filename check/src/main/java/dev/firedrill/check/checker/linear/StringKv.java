package dev.firedrill.check.checker.linear;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The sequential specification of one key of a string key-value store (the model of MIT 6.824's kv
 * tests and of Porcupine's kv model): the state is a string, initially empty; {@code get} returns
 * it exactly (a missing key reads as the empty string), {@code put} replaces it, {@code append}
 * concatenates its argument to it.
 *
 * <p>States are ids: the values the history names keep the ids {@link RegisterHistory} gave them,
 * so that the state after a run of appends has the id of the read that returns it; strings made up
 * while stepping (concatenations no op names) get ids of their own here. Each concatenation is made
 * once per (state, argument) and remembered, since the search steps the same pair many times.
 */
public final class StringKv implements SequentialSpec {
  private final RegisterHistory values;
  private final int base;
  private final List<String> made = new ArrayList<>();
  private final Map<String, Integer> madeIds = HashMap.newHashMap(256);
  private final Map<Long, Integer> appended = HashMap.newHashMap(1024);
  private long bytes;
  private final boolean delimited;
  private final char first;
  private final char last;

  /** A key's spec that cannot tell which op a part of a read came from (see {@link #tokensOf}). */
  public StringKv(RegisterHistory values) {
    this(values, List.of());
  }

  /**
   * A key's spec over its operations. When every value its puts and appends write is unique and
   * self-delimiting (all begin with one character and end with another, neither found elsewhere in
   * any of them, as {@code v17;} or Porcupine's {@code x 3 1 y}), each such value found in a read
   * can only have come from its one operation: the search then prunes by it.
   */
  public StringKv(RegisterHistory values, List<RegisterOp> ops) {
    this.values = values;
    this.base = values.size();
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    char f = 0;
    char l = 0;
    boolean ok = true;
    for (RegisterOp o : ops) {
      if (o.kind() != RegisterOp.Kind.WRITE && o.kind() != RegisterOp.Kind.APPEND) {
        continue;
      }
      String t = (String) values.canonical(o.a());
      if (!seen.add(o.a())) {
        continue; // the same value again: it cannot be told apart, but it still parses
      }
      if (t.length() < 2) {
        ok = false;
        break;
      }
      if (seen.size() == 1) {
        f = t.charAt(0);
        l = t.charAt(t.length() - 1);
      }
      ok =
          f != l
              && t.charAt(0) == f
              && t.charAt(t.length() - 1) == l
              && t.indexOf(f, 1) < 0
              && t.indexOf(l) == t.length() - 1;
      if (!ok) {
        break;
      }
    }
    this.delimited = ok && !seen.isEmpty();
    this.first = f;
    this.last = l;
  }

  /** The ids of the written values a read's string is made of; see the constructor. */
  @Override
  public int[] tokensOf(int value) {
    if (!delimited) {
      return null;
    }
    String r = text(value);
    int[] out = new int[8];
    int n = 0;
    for (int i = r.indexOf(first); i >= 0; i = r.indexOf(first, i + 1)) {
      int end = r.indexOf(last, i);
      if (end < 0) {
        break;
      }
      int id = values.idOfText(r.substring(i, end + 1));
      if (id >= 0) {
        if (n == out.length) {
          out = java.util.Arrays.copyOf(out, n * 2);
        }
        out[n++] = id;
      }
      i = end;
    }
    return java.util.Arrays.copyOf(out, n);
  }

  @Override
  public int step(int state, RegisterOp op) {
    return switch (op.kind()) {
      case READ -> op.a() == state ? state : ILLEGAL;
      case WRITE -> op.a();
      case APPEND ->
          appended.computeIfAbsent(((long) state << 32) | op.a(), k -> concat(state, op));
      case CAS -> ILLEGAL;
    };
  }

  private int concat(int state, RegisterOp op) {
    String s = text(state) + text(op.a());
    int known = values.idOfText(s);
    if (known >= 0) {
      return known;
    }
    Integer id = madeIds.get(s);
    if (id == null) {
      id = base + made.size();
      made.add(s);
      madeIds.put(s, id);
      bytes += 64 + 2L * s.length();
    }
    bytes += 48; // the remembered step
    return id;
  }

  /** The string of a state. */
  public String text(int state) {
    return state < base ? (String) values.canonical(state) : made.get(state - base);
  }

  @Override
  public boolean growsOnly() {
    return true;
  }

  /** An append only extends the string: the state must be a prefix of the value read. */
  @Override
  public boolean canGrowInto(int state, int target) {
    return state == target || text(target).startsWith(text(state));
  }

  @Override
  public boolean supports(RegisterOp.Kind kind) {
    return kind != RegisterOp.Kind.CAS;
  }

  @Override
  public long bytes() {
    return bytes;
  }
}
