package dev.firedrill.check.checker.linear;

import dev.firedrill.check.history.History;
import dev.firedrill.check.history.Op;
import dev.firedrill.check.history.OpType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates histories of clients using a string key-value store (get, put, append), from a seed.
 * Operations take effect atomically at a random moment between invocation and completion, so a
 * correct store yields a linearizable history. Every put and append writes a value unique to it
 * ({@code v17;}). Clients crash (info) and are replaced by a new process. A fault can be injected
 * once, on one key, at a quiescent moment, so that it is always observable:
 *
 * <ul>
 *   <li>{@link Fault#STALE_READ}: put p, append x, append y; a get returns p x (without y).
 *   <li>{@link Fault#LOST_APPEND}: put p, append x acknowledged but not applied, append y; a get
 *       returns p y.
 *   <li>{@link Fault#DUPLICATE_APPEND}: put p, append x applied twice; a get returns p x x.
 * </ul>
 */
final class SimulatedKv {
  enum Fault {
    NONE,
    STALE_READ,
    LOST_APPEND,
    DUPLICATE_APPEND
  }

  private final Random random;
  private final int keys;
  private final List<Op> ops = new ArrayList<>();
  private final int[] process;
  private final Op[] pending;
  private final boolean[] applied;
  private final String[] result;
  private final Map<String, String> state = new HashMap<>();
  private long nextValue = 1;
  private int nextProcess;

  /** The index of the injected faulty get, and its key. */
  long faultyGet = -1;

  String faultyKey;

  SimulatedKv(long seed, int clients, int keys) {
    this.random = new Random(seed);
    this.keys = keys;
    this.process = new int[clients];
    this.pending = new Op[clients];
    this.applied = new boolean[clients];
    this.result = new String[clients];
    for (int c = 0; c < clients; c++) {
      process[c] = nextProcess++;
    }
  }

  History run(int steps, Fault fault, double crashRate) {
    int faultAt = fault == Fault.NONE ? -1 : steps / 4 + random.nextInt(steps / 2);
    for (int step = 0; step < steps; step++) {
      if (step == faultAt) {
        quiesce(crashRate);
        inject(fault);
      }
      step(random.nextInt(process.length), crashRate);
    }
    quiesce(crashRate);
    return History.of(ops);
  }

  private void step(int c, double crashRate) {
    if (pending[c] == null) {
      invoke(c);
    } else if (!applied[c]) {
      apply(c);
    } else {
      complete(c, random.nextDouble() < crashRate);
    }
  }

  private void invoke(int c) {
    int kind = random.nextInt(6);
    String key = "k" + random.nextInt(keys);
    String f = kind < 2 ? "get" : kind == 2 ? "put" : "append";
    String arg = f.equals("get") ? null : fresh();
    pending[c] = emit(process[c], OpType.INVOKE, f, key, arg);
    applied[c] = false;
  }

  private String fresh() {
    return "v" + nextValue++ + ";";
  }

  private void apply(int c) {
    Op op = pending[c];
    applied[c] = true;
    String now = state.getOrDefault(op.key(), "");
    switch (op.f()) {
      case "get" -> result[c] = now;
      case "put" -> state.put(op.key(), (String) op.value());
      default -> state.put(op.key(), now + op.value());
    }
  }

  private void complete(int c, boolean crash) {
    Op op = pending[c];
    pending[c] = null;
    if (crash) {
      emit(process[c], OpType.INFO, op.f(), op.key(), op.value());
      process[c] = nextProcess++;
      return;
    }
    emit(process[c], OpType.OK, op.f(), op.key(), op.f().equals("get") ? result[c] : op.value());
  }

  /** Completes every pending operation (a crashed one may or may not have applied). */
  private void quiesce(double crashRate) {
    for (int c = 0; c < process.length; c++) {
      if (pending[c] != null) {
        boolean crash = random.nextDouble() < crashRate;
        if (!applied[c] && (!crash || random.nextBoolean())) {
          apply(c);
        }
        complete(c, crash);
      }
    }
  }

  private void inject(Fault fault) {
    int p = process[0];
    String key = "k" + random.nextInt(keys);
    // A put of a fresh value first, so that no crashed op can explain what the get returns.
    String put = fresh();
    complete(p, "put", key, put, true);
    String x = fresh();
    complete(p, "append", key, x, fault != Fault.LOST_APPEND);
    String shown;
    switch (fault) {
      case STALE_READ -> {
        String before = state.get(key);
        complete(p, "append", key, fresh(), true);
        shown = before;
      }
      case LOST_APPEND -> {
        complete(p, "append", key, fresh(), true);
        shown = state.get(key);
      }
      default -> {
        state.put(key, state.get(key) + x); // applied a second time
        shown = state.get(key);
      }
    }
    faultyGet = ops.size();
    faultyKey = key;
    emit(p, OpType.INVOKE, "get", key, null);
    emit(p, OpType.OK, "get", key, shown);
  }

  /** An operation by p, from invocation to ok, alone; {@code applies}: the store applies it. */
  private void complete(int p, String f, String key, String value, boolean applies) {
    emit(p, OpType.INVOKE, f, key, value);
    if (applies) {
      String now = state.getOrDefault(key, "");
      state.put(key, f.equals("put") ? value : now + value);
    }
    emit(p, OpType.OK, f, key, value);
  }

  private Op emit(int p, OpType type, String f, String key, Object v) {
    Op op = new Op(ops.size(), ops.size() * 1000L, p, type, f, key, v, null, null, null);
    ops.add(op);
    return op;
  }
}
