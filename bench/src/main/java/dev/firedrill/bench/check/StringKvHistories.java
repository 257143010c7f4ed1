package dev.firedrill.bench.check;

import dev.firedrill.check.history.History;
import dev.firedrill.check.history.Op;
import dev.firedrill.check.history.OpType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generates linearizable string kv histories shaped like MIT 6.824's kv tests (and Porcupine's
 * {@code c50} logs): many clients, each doing get, put or append on a random one of a few keys;
 * every put and append writes a value unique to it; each operation takes effect at a random moment
 * between its invocation and completion, so every history is linearizable; a crashed client (info)
 * is replaced by a new process and its operation stays open to the end.
 */
final class StringKvHistories {
  private StringKvHistories() {}

  /**
   * @param clients concurrent clients
   * @param operations number of operations (each an invocation and, unless the history ends first,
   *     a completion)
   * @param keys number of keys
   * @param crashRate probability that a completion is info (the client crashes)
   */
  static History generate(long seed, int clients, int operations, int keys, double crashRate) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Op> out = new ArrayList<>(2 * operations);
    int[] process = new int[clients];
    Op[] pending = new Op[clients];
    boolean[] applied = new boolean[clients];
    String[] result = new String[clients];
    Map<String, String> store = new HashMap<>();
    long[] next = {1};
    int nextProcess = clients;
    int invoked = 0;
    for (int c = 0; c < clients; c++) {
      process[c] = c;
    }
    while (invoked < operations || anyPending(pending)) {
      int c = random.nextInt(clients);
      if (pending[c] == null) {
        if (invoked == operations) {
          continue;
        }
        invoked++;
        pending[c] = invoke(random, out, process[c], keys, next);
        applied[c] = false;
      } else if (!applied[c]) {
        applied[c] = true;
        result[c] = apply(pending[c], store);
      } else {
        boolean crash = random.nextDouble() < crashRate;
        Op op = pending[c];
        Object value = crash || !op.f().equals("get") ? op.value() : result[c];
        emit(out, op.process(), crash ? OpType.INFO : OpType.OK, op.f(), op.key(), value);
        pending[c] = null;
        if (crash) {
          process[c] = nextProcess++;
        }
      }
    }
    return History.of(out);
  }

  private static boolean anyPending(Op[] pending) {
    for (Op p : pending) {
      if (p != null) {
        return true;
      }
    }
    return false;
  }

  private static Op invoke(SplittableRandom random, List<Op> out, int p, int keys, long[] next) {
    int kind = random.nextInt(6);
    String key = "k" + random.nextInt(keys);
    String f = kind < 2 ? "get" : kind == 2 ? "put" : "append";
    String arg = f.equals("get") ? null : "v" + next[0]++ + ";";
    return emit(out, p, OpType.INVOKE, f, key, arg);
  }

  private static String apply(Op op, Map<String, String> store) {
    String now = store.getOrDefault(op.key(), "");
    switch (op.f()) {
      case "get" -> {
        return now;
      }
      case "put" -> store.put(op.key(), (String) op.value());
      default -> store.put(op.key(), now + op.value());
    }
    return null;
  }

  private static Op emit(List<Op> out, int p, OpType type, String f, String key, Object value) {
    Op op = new Op(out.size(), out.size() * 100_000L, p, type, f, key, value, null, null, null);
    out.add(op);
    return op;
  }
}
