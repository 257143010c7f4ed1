package dev.firedrill.check.checker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.check.history.History;
import dev.firedrill.check.history.Op;
import dev.firedrill.check.history.OpType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The columnar {@link NoLostWrites} gives exactly the result of the straightforward implementation
 * it replaced ({@link NoLostWritesReference}, kept as it was except that its elements are kept in
 * insertion order, which defines the listing order): same verdict, same anomalies in the same order
 * with the same explanations and evidence, same stats. Seeded chaotic histories over several keys
 * mix every anomaly kind: lost, unexpected (never added, or add failed), stale, recovered,
 * never-read, malformed reads, repeated adds of one element, concurrent and unfinished operations,
 * string and numeric elements.
 */
class NoLostWritesEquivalenceTest {

  private static History chaotic(long seed) {
    Random random = new Random(seed);
    int clients = 1 + random.nextInt(10);
    int keys = 1 + random.nextInt(4);
    int steps = 20 + random.nextInt(random.nextBoolean() ? 200 : 3000);
    List<Op> ops = new ArrayList<>();
    List<Set<Object>> sets = new ArrayList<>();
    for (int k = 0; k < keys; k++) {
      sets.add(new HashSet<>());
    }
    Op[] pending = new Op[clients];
    int[] process = new int[clients];
    for (int c = 0; c < clients; c++) {
      process[c] = c;
    }
    int nextProcess = clients;
    long element = 0;
    for (int step = 0; step < steps; step++) {
      int c = random.nextInt(clients);
      if (pending[c] == null) {
        String key = "k" + random.nextInt(keys);
        boolean read = random.nextInt(4) == 0;
        Object value = null;
        if (!read) {
          // Mostly fresh elements; sometimes one added before (repeated adds), sometimes a string.
          long e = random.nextInt(10) == 0 && element > 0 ? random.nextLong(element) : element++;
          value = random.nextInt(20) == 0 ? "s" + e : (Object) e;
        }
        pending[c] = emit(ops, process[c], OpType.INVOKE, read ? "read" : "add", key, value);
        continue;
      }
      Op invoke = pending[c];
      Set<Object> set = sets.get(Integer.parseInt(invoke.key().substring(1)));
      int roll = random.nextInt(100);
      if (invoke.f().equals("read")) {
        if (roll < 3) {
          emit(ops, process[c], OpType.OK, "read", invoke.key(), "not a list");
        } else if (roll < 8) {
          emit(ops, process[c], OpType.FAIL, "read", invoke.key(), null);
        } else if (roll < 10) {
          process[c] = nextProcess++; // crashed, never completes
        } else {
          List<Object> seen = new ArrayList<>(set);
          if (roll < 20 && !seen.isEmpty()) {
            seen.remove(random.nextInt(seen.size())); // stale or lost
          }
          if (roll >= 95) {
            seen.add(random.nextBoolean() ? 1_000_000L + random.nextInt(5) : element); // unexpected
          }
          java.util.Collections.shuffle(seen, random);
          emit(ops, process[c], OpType.OK, "read", invoke.key(), seen);
        }
      } else {
        if (roll < 10) {
          emit(ops, process[c], OpType.FAIL, "add", invoke.key(), invoke.value());
        } else if (roll < 20) {
          if (random.nextBoolean()) {
            set.add(invoke.value()); // recovered if read later
          }
          emit(ops, process[c], OpType.INFO, "add", invoke.key(), invoke.value());
          process[c] = nextProcess++;
        } else if (roll < 23) {
          process[c] = nextProcess++; // never completes
        } else {
          set.add(invoke.value());
          if (roll < 26) {
            set.remove(invoke.value()); // lost
          }
          emit(ops, process[c], OpType.OK, "add", invoke.key(), invoke.value());
        }
      }
      pending[c] = null;
    }
    if (random.nextInt(5) != 0) { // else no final read: never-read
      for (int k = 0; k < keys; k++) {
        if (random.nextInt(4) != 0) {
          emit(ops, 999, OpType.INVOKE, "read", "k" + k, null);
          emit(ops, 999, OpType.OK, "read", "k" + k, List.copyOf(sets.get(k)));
        }
      }
    }
    return History.of(ops);
  }

  private static Op emit(List<Op> ops, int p, OpType type, String f, String key, Object value) {
    Op op = new Op(ops.size(), ops.size() * 1000L + p, p, type, f, key, value, null, null, null);
    ops.add(op);
    return op;
  }

  @Test
  void givesExactlyTheResultOfTheReplacedImplementation() {
    Map<String, Integer> kinds = new java.util.TreeMap<>();
    for (long seed = 0; seed < 1000; seed++) {
      History h = chaotic(seed);
      for (boolean linearizable : new boolean[] {false, true}) {
        Result expected = new NoLostWritesReference(linearizable).check(h);
        // Records: equal verdict, anomalies in the same order with the same explanations,
        // evidence and details, equal stats; sets checked one by one or side by side.
        for (boolean parallel : new boolean[] {false, true}) {
          Result actual = withoutEvidence(new NoLostWrites(linearizable).check(h, parallel));
          assertThat(actual).as("seed %d, parallel %s", seed, parallel).isEqualTo(expected);
        }
        expected.anomalies().forEach(a -> kinds.merge(a.kind(), 1, Integer::sum));
      }
    }
    assertThat(kinds)
        .containsKeys("lost", "unexpected", "stale", "never-read", "malformed-read")
        .allSatisfy((kind, n) -> assertThat(n).isGreaterThan(20));
  }

  /**
   * The result as the replaced implementation made it: without the evidence stats ({@code checked},
   * {@code reads}) and the {@code nothing-to-check} anomaly it did not have.
   */
  private static Result withoutEvidence(Result r) {
    Map<String, Object> stats = new java.util.LinkedHashMap<>(r.stats());
    stats.remove("checked");
    stats.remove("reads");
    List<Anomaly> anomalies =
        r.anomalies().stream().filter(a -> !a.kind().equals("nothing-to-check")).toList();
    return Result.of(r.checker(), anomalies, stats);
  }

  @Test
  void theHistoriesExerciseRecoveredElements() {
    long recovered = 0;
    for (long seed = 0; seed < 200; seed++) {
      recovered += (Long) new NoLostWrites().check(chaotic(seed)).stats().get("recovered");
    }
    assertThat(recovered).isGreaterThan(50);
  }
}
