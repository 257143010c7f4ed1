package dev.firedrill.cli;

import dev.firedrill.check.checker.Checker;
import dev.firedrill.check.checker.Compose;
import dev.firedrill.check.checker.Conservation;
import dev.firedrill.check.checker.Convergence;
import dev.firedrill.check.checker.Counter;
import dev.firedrill.check.checker.Linearizable;
import dev.firedrill.check.checker.NoDuplicates;
import dev.firedrill.check.checker.NoLostWrites;
import dev.firedrill.check.checker.Ordering;
import dev.firedrill.check.checker.Queue;
import dev.firedrill.check.checker.linear.Budget;
import dev.firedrill.check.history.History;
import dev.firedrill.check.history.HistoryColumns;
import dev.firedrill.check.history.OpType;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The workload models {@code firedrill check} knows, and the checkers each one runs. */
enum CheckModels {
  REGISTER,
  CAS_REGISTER,
  KV,
  SET,
  COUNTER,
  QUEUE,
  BANK,
  EVENTS,
  CONVERGENCE;

  /** The wire name: {@code cas-register}, ... */
  String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static CheckModels fromWire(String name) {
    for (CheckModels m : values()) {
      if (m.wireName().equals(name)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown model '" + name + "'");
  }

  /**
   * The checker for this model; initial is the register's value before the history, linearizable
   * makes stale set reads violations.
   */
  Checker checker(Object initial, boolean linearizable, Duration window, Duration timeLimit) {
    Budget budget = new Budget(timeLimit, Runtime.getRuntime().maxMemory() / 2);
    return switch (this) {
      case REGISTER -> new Linearizable(Linearizable.Model.REGISTER, initial, budget);
      case CAS_REGISTER -> new Linearizable(Linearizable.Model.CAS_REGISTER, initial, budget);
      case KV -> new Linearizable(Linearizable.Model.KV, initial, budget);
      case SET -> new Compose("set", List.of(new NoLostWrites(linearizable), new NoDuplicates()));
      case COUNTER -> new Counter();
      case QUEUE -> new Queue();
      case BANK -> new Conservation();
      case EVENTS -> new Ordering();
      case CONVERGENCE -> new Convergence(window);
    };
  }

  private static int maxId(HistoryColumns c) {
    int max = 0;
    for (int row = 0; row < c.size(); row++) {
      max = Math.max(max, c.f(row));
    }
    return max;
  }

  /**
   * Infers the model from the f names in the history, in this order: {@code read-projection}:
   * convergence; {@code cas} or {@code write}: cas-register; {@code enqueue}: queue; {@code
   * transfer}: bank; {@code append}: events; otherwise set when an ok read returns a list, counter
   * when it returns a number.
   */
  static CheckModels infer(History history) {
    HistoryColumns c = history.columns();
    Set<String> fs = new HashSet<>();
    boolean[] used = new boolean[c.size() == 0 ? 0 : maxId(c) + 1];
    int readF = c.nameId("read");
    Object readValue = null;
    for (int row = 0; row < c.size(); row++) {
      used[c.f(row)] = true;
      if (readValue == null && c.f(row) == readF && c.type(row) == OpType.OK) {
        readValue = c.valueKind(row) == HistoryColumns.LONGS ? List.of() : c.value(row);
      }
    }
    for (int id = 0; id < used.length; id++) {
      if (used[id]) {
        fs.add(c.name(id));
      }
    }
    if (fs.contains("read-projection") || fs.contains("read-source")) {
      return CONVERGENCE;
    } else if (fs.contains("cas") || fs.contains("write")) {
      return CAS_REGISTER;
    } else if (fs.contains("enqueue") || fs.contains("dequeue")) {
      return QUEUE;
    } else if (fs.contains("transfer")) {
      return BANK;
    } else if (fs.contains("append")) {
      return EVENTS;
    }
    return readValue instanceof Number ? COUNTER : SET;
  }
}
