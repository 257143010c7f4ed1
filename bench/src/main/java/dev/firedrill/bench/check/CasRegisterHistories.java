package dev.firedrill.bench.check;

import dev.firedrill.check.history.History;
import dev.firedrill.check.history.Op;
import dev.firedrill.check.history.OpType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Generates linearizable cas-register histories shaped like Jepsen's etcd tests: a few to many
 * concurrent clients doing reads, writes and cas; each operation takes effect at a random moment
 * between its invocation and completion; a crashed client (info) is replaced by a new process.
 * Values are drawn from a small range (Jepsen's etcd test uses 0-4), which keeps many
 * linearizations plausible, or are unique when the range is 0.
 */
final class CasRegisterHistories {
  private CasRegisterHistories() {}

  /**
   * @param clients concurrent clients
   * @param ops number of history entries (invocations and completions)
   * @param crashRate probability that a completion is info (the client crashes)
   * @param values values are in [0, values), or unique when 0
   */
  static History generate(long seed, int clients, int ops, double crashRate, int values) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Op> out = new ArrayList<>(ops + 2 * clients);
    int[] process = new int[clients];
    Op[] pending = new Op[clients];
    boolean[] applied = new boolean[clients];
    Object[] result = new Object[clients];
    Long[] register = {null};
    long[] next = {1};
    int nextProcess = clients;
    for (int c = 0; c < clients; c++) {
      process[c] = c;
    }
    while (out.size() < ops) {
      int c = random.nextInt(clients);
      if (pending[c] == null) {
        pending[c] = invoke(random, out, process[c], values, next);
        applied[c] = false;
      } else if (!applied[c]) {
        applied[c] = true;
        result[c] = apply(pending[c], register);
      } else {
        boolean crash = random.nextDouble() < crashRate;
        complete(out, pending[c], result[c], crash);
        pending[c] = null;
        if (crash) {
          process[c] = nextProcess++;
        }
      }
    }
    return History.of(out);
  }

  private static Op invoke(SplittableRandom random, List<Op> out, int p, int values, long[] next) {
    int kind = random.nextInt(3);
    Object arg =
        switch (kind) {
          case 0 -> null;
          case 1 -> value(random, values, next);
          default -> List.of(value(random, values, next), value(random, values, next));
        };
    String f = kind == 0 ? "read" : kind == 1 ? "write" : "cas";
    return emit(out, p, OpType.INVOKE, f, arg);
  }

  private static long value(SplittableRandom random, int values, long[] next) {
    return values == 0 ? next[0]++ : random.nextInt(values);
  }

  private static Object apply(Op op, Long[] register) {
    switch (op.f()) {
      case "read" -> {
        return register[0];
      }
      case "write" -> {
        register[0] = (Long) op.value();
        return null;
      }
      default -> {
        List<?> cas = (List<?>) op.value();
        boolean ok = Objects.equals(register[0], cas.get(0));
        if (ok) {
          register[0] = (Long) cas.get(1);
        }
        return ok;
      }
    }
  }

  private static void complete(List<Op> out, Op op, Object result, boolean crash) {
    if (crash) {
      emit(out, op.process(), OpType.INFO, op.f(), op.value());
    } else if (op.f().equals("read")) {
      emit(out, op.process(), OpType.OK, "read", result);
    } else if (op.f().equals("write")) {
      emit(out, op.process(), OpType.OK, "write", op.value());
    } else {
      emit(out, op.process(), (Boolean) result ? OpType.OK : OpType.FAIL, "cas", op.value());
    }
  }

  private static Op emit(List<Op> out, int p, OpType type, String f, Object value) {
    Op op = new Op(out.size(), out.size() * 100_000L, p, type, f, null, value, null, null, null);
    out.add(op);
    return op;
  }
}
