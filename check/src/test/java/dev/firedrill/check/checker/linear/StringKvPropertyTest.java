package dev.firedrill.check.checker.linear;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.check.checker.Anomaly;
import dev.firedrill.check.checker.Linearizable;
import dev.firedrill.check.checker.Result;
import dev.firedrill.check.checker.Validity;
import dev.firedrill.check.history.History;
import dev.firedrill.check.history.Op;
import dev.firedrill.check.history.OpType;
import dev.firedrill.check.history.Operation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Seeded property tests of the string kv model over histories of a simulated store ({@link
 * SimulatedKv}), and a cross-check against a brute-force search on small random histories.
 */
class StringKvPropertyTest {
  private static final Linearizable CHECKER =
      new Linearizable(
          Linearizable.Model.STRING_KV, null, new Budget(Duration.ofSeconds(20), 256L << 20));

  @Test
  void historiesOfACorrectStoreAlwaysPass() {
    for (long seed = 0; seed < 300; seed++) {
      int clients = 2 + (int) (seed % 11);
      int keys = 1 + (int) (seed % 5);
      History h = new SimulatedKv(seed, clients, keys).run(300, SimulatedKv.Fault.NONE, 0.05);
      Result r = CHECKER.check(h);
      assertThat(r.validity()).as("seed %d: %s", seed, r.anomalies()).isEqualTo(Validity.VALID);
      assertThat((Long) r.stats().get("checked")).isPositive();
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = SimulatedKv.Fault.class,
      names = {"STALE_READ", "LOST_APPEND", "DUPLICATE_APPEND"})
  void historiesOfAFaultyStoreFailAtTheFaultyGet(SimulatedKv.Fault fault) {
    for (long seed = 0; seed < 100; seed++) {
      SimulatedKv store = new SimulatedKv(seed, 2 + (int) (seed % 7), 1 + (int) (seed % 4));
      History h = store.run(300, fault, 0.05);
      Result r = CHECKER.check(h);
      assertThat(r.validity()).as("seed %d", seed).isEqualTo(Validity.INVALID);
      assertThat(r.anomalies()).as("seed %d", seed).hasSize(1);
      Anomaly a = r.anomalies().getFirst();
      assertThat(a.kind()).isEqualTo("nonlinearizable");
      assertThat(a.key()).isEqualTo(store.faultyKey);
      @SuppressWarnings("unchecked")
      List<Long> unplaceable = (List<Long>) a.details().get("unplaceable");
      assertThat(unplaceable).as("seed %d: %s", seed, a.explanation()).contains(store.faultyGet);
    }
  }

  /**
   * On small histories with random get results, the search (with its reductions: committed reads,
   * dropped unseen crashed ops, identical crashed ops in call order) and an exhaustive search over
   * every real-time order agree on every verdict.
   */
  @Test
  void agreesWithAnExhaustiveSearchOnSmallHistories() {
    int invalid = 0;
    for (long seed = 0; seed < 3000; seed++) {
      Random random = new Random(seed);
      History h =
          new SimulatedKv(seed, 2 + random.nextInt(3), 1).run(14, SimulatedKv.Fault.NONE, 0.3);
      History corrupted = corrupt(h, random);
      boolean expected = Exhaustive.linearizable(corrupted.clientOperations());
      Result r = CHECKER.check(corrupted);
      if ((Long) r.stats().get("checked") == 0) {
        assertThat(r.validity()).isEqualTo(Validity.UNKNOWN); // no get completed: nothing to check
        continue;
      }
      assertThat(r.validity())
          .as("seed %d: %s", seed, corrupted.ops())
          .isEqualTo(expected ? Validity.VALID : Validity.INVALID);
      invalid += expected ? 0 : 1;
    }
    assertThat(invalid).as("the corruption makes both verdicts common").isBetween(300, 2700);
  }

  /**
   * Replaces one ok get's result by a plausible wrong string, one time in two; and one time in
   * three makes one put or append write another's value (so that not every value is unique).
   */
  private static History corrupt(History h, Random random) {
    List<Op> ops = new ArrayList<>(h.ops());
    List<Integer> writes = new ArrayList<>();
    for (int i = 0; i < ops.size(); i++) {
      if (ops.get(i).type() == OpType.INVOKE && ops.get(i).value() != null) {
        writes.add(i);
      }
    }
    if (writes.size() > 1 && random.nextInt(3) == 0) {
      int from = writes.get(random.nextInt(writes.size()));
      int to = writes.get(random.nextInt(writes.size()));
      Object copied = ops.get(from).value();
      Op target = ops.get(to);
      for (int i = to; i < ops.size(); i++) {
        Op o = ops.get(i);
        if (o.process() == target.process() && o.f().equals(target.f()) && i >= to) {
          ops.set(i, o.withValue(copied));
          if (i > to) {
            break; // the invoke and its completion
          }
        }
      }
    }
    List<Integer> gets = new ArrayList<>();
    Set<String> tokens = new HashSet<>();
    for (int i = 0; i < ops.size(); i++) {
      Op op = ops.get(i);
      if (op.type() == OpType.OK && op.f().equals("get")) {
        gets.add(i);
      }
      if (op.type() == OpType.INVOKE && op.value() != null) {
        tokens.add((String) op.value());
      }
    }
    if (gets.isEmpty() || random.nextBoolean()) {
      return History.of(ops);
    }
    int at = gets.get(random.nextInt(gets.size()));
    String old = (String) ops.get(at).value();
    List<String> pool = new ArrayList<>(tokens);
    java.util.Collections.sort(pool);
    String wrong =
        switch (random.nextInt(3)) {
          case 0 -> old + (pool.isEmpty() ? "z;" : pool.get(random.nextInt(pool.size())));
          case 1 -> old.isEmpty() ? "z;" : old.substring(old.indexOf(';') + 1);
          default -> pool.isEmpty() ? "" : pool.get(random.nextInt(pool.size()));
        };
    ops.set(at, ops.get(at).withValue(wrong));
    return History.of(ops);
  }

  /** Every order of the operations that respects real time, tried one by one. */
  private static final class Exhaustive {
    static boolean linearizable(List<Operation> operations) {
      List<Operation> ops = operations.stream().filter(o -> o.outcome() != OpType.FAIL).toList();
      return search(ops, new boolean[ops.size()], "", new HashSet<>());
    }

    private static boolean search(
        List<Operation> ops, boolean[] used, String state, Set<String> seen) {
      boolean done = true;
      long horizon = Long.MAX_VALUE; // the earliest completion of an op not yet placed
      for (int i = 0; i < ops.size(); i++) {
        if (!used[i] && !ops.get(i).indeterminate()) {
          done = false;
          horizon = Math.min(horizon, ops.get(i).completion().index());
        }
      }
      if (done) {
        return true;
      }
      StringBuilder key = new StringBuilder(state).append('|');
      for (boolean u : used) {
        key.append(u ? '1' : '0');
      }
      if (!seen.add(key.toString())) {
        return false;
      }
      for (int i = 0; i < ops.size(); i++) {
        Operation o = ops.get(i);
        if (used[i] || o.invoke().index() > horizon) {
          continue;
        }
        String next = step(state, o);
        if (next != null) {
          used[i] = true;
          boolean ok = search(ops, used, next, seen);
          used[i] = false;
          if (ok) {
            return true;
          }
        }
      }
      return false;
    }

    private static String step(String state, Operation o) {
      return switch (o.f()) {
        case "get" -> {
          if (o.indeterminate()) {
            yield state;
          }
          Object v = o.completion().value();
          yield state.equals(v == null ? "" : v) ? state : null;
        }
        case "put" -> (String) o.invoke().value();
        default -> state + o.invoke().value();
      };
    }
  }
}
