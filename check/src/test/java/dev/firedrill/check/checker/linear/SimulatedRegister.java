package dev.firedrill.check.checker.linear;

import dev.firedrill.check.history.History;
import dev.firedrill.check.history.Op;
import dev.firedrill.check.history.OpType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Generates histories of clients using a cas-register, from a seed. Operations take effect
 * atomically at a random moment between invocation and completion, so a correct register yields a
 * linearizable history. Clients crash (info) and are replaced by a new process. A fault can be
 * injected once, at a quiescent moment, so that it is always observable:
 *
 * <ul>
 *   <li>{@link Fault#STALE_READ}: write x, then a read returns the value before x.
 *   <li>{@link Fault#LOST_WRITE}: write x is acknowledged but not applied; a read shows it.
 *   <li>{@link Fault#DUPLICATE_APPLY}: write x, write y, then x applied again; a read shows x.
 * </ul>
 */
final class SimulatedRegister {
  enum Fault {
    NONE,
    STALE_READ,
    LOST_WRITE,
    DUPLICATE_APPLY
  }

  private final Random random;
  private final List<Op> ops = new ArrayList<>();
  private final int[] process;
  private final Op[] pending;
  private final boolean[] applied;
  private final Object[] result;
  private Long value;
  private long nextValue = 1;
  private int nextProcess;

  /** The index of the injected faulty read. */
  long faultyRead = -1;

  SimulatedRegister(long seed, int clients) {
    this.random = new Random(seed);
    this.process = new int[clients];
    this.pending = new Op[clients];
    this.applied = new boolean[clients];
    this.result = new Object[clients];
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
    int kind = random.nextInt(3);
    Object arg =
        switch (kind) {
          case 0 -> null;
          case 1 -> nextValue++;
          default ->
              List.of(
                  random.nextInt(3) == 0 ? nextValue - 1 : random.nextLong(nextValue), nextValue++);
        };
    String f = kind == 0 ? "read" : kind == 1 ? "write" : "cas";
    pending[c] = emit(process[c], OpType.INVOKE, f, arg);
    applied[c] = false;
  }

  private void apply(int c) {
    Op op = pending[c];
    applied[c] = true;
    switch (op.f()) {
      case "read" -> result[c] = value;
      case "write" -> value = (Long) op.value();
      default -> {
        List<?> cas = (List<?>) op.value();
        boolean ok = Objects.equals(value, cas.get(0));
        result[c] = ok;
        if (ok) {
          value = (Long) cas.get(1);
        }
      }
    }
  }

  private void complete(int c, boolean crash) {
    Op op = pending[c];
    pending[c] = null;
    if (crash) {
      emit(process[c], OpType.INFO, op.f(), op.value());
      process[c] = nextProcess++;
      return;
    }
    switch (op.f()) {
      case "read" -> emit(process[c], OpType.OK, "read", result[c]);
      case "write" -> emit(process[c], OpType.OK, "write", op.value());
      default -> emit(process[c], (Boolean) result[c] ? OpType.OK : OpType.FAIL, "cas", op.value());
    }
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
    // A value written by a completed write, so no crashed op can explain seeing it later.
    write(p, nextValue++, true);
    long x = nextValue++;
    Long before = value;
    write(p, x, fault != Fault.LOST_WRITE);
    if (fault == Fault.DUPLICATE_APPLY) {
      write(p, nextValue++, true);
      value = x; // the first write is applied a second time, late
    }
    Long shown = fault == Fault.STALE_READ ? before : value;
    faultyRead = ops.size();
    emit(p, OpType.INVOKE, "read", null);
    emit(p, OpType.OK, "read", shown);
    if (fault == Fault.STALE_READ) {
      value = x;
    }
  }

  private void write(int p, long x, boolean applies) {
    emit(p, OpType.INVOKE, "write", x);
    if (applies) {
      value = x;
    }
    emit(p, OpType.OK, "write", x);
  }

  private Op emit(int p, OpType type, String f, Object v) {
    Op op = new Op(ops.size(), ops.size() * 1000L, p, type, f, null, v, null, null, null);
    ops.add(op);
    return op;
  }
}
