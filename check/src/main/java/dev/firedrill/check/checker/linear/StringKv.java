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
  private final Map<String, Integer> madeIds = new HashMap<>();
  private final Map<Long, Integer> appended = new HashMap<>();
  private long bytes;

  public StringKv(RegisterHistory values) {
    this.values = values;
    this.base = values.size();
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
