package dev.firedrill.check.checker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.check.history.History;
import dev.firedrill.check.history.Op;
import dev.firedrill.check.history.OpType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Seeded property tests: concurrent clients add unique elements to a simulated set and read it;
 * adds take effect at a random moment between invocation and completion, crashed adds may or may
 * not take effect. A correct set always passes; a set that forgets one acknowledged element, or
 * applies one add twice, fails with that anomaly.
 */
class NoLostWritesPropertyTest {

  private static History simulate(long seed, boolean forget, boolean duplicate) {
    Random random = new Random(seed);
    int clients = 2 + random.nextInt(8);
    List<Op> ops = new ArrayList<>();
    List<Long> set = new ArrayList<>();
    Op[] pending = new Op[clients];
    boolean[] applied = new boolean[clients];
    int[] process = new int[clients];
    for (int c = 0; c < clients; c++) {
      process[c] = c;
    }
    int nextProcess = clients;
    long element = 0;
    int faultAt = 100 + random.nextInt(200);
    for (int step = 0; step < 600; step++) {
      int c = random.nextInt(clients);
      if (pending[c] == null) {
        boolean read = random.nextInt(4) == 0;
        pending[c] =
            emit(ops, process[c], OpType.INVOKE, read ? "read" : "add", read ? null : element++);
        applied[c] = false;
      } else if (!applied[c]) {
        applied[c] = true;
        if (pending[c].f().equals("add")) {
          set.add((Long) pending[c].value());
        }
      } else if (pending[c].f().equals("read")) {
        emit(ops, process[c], OpType.OK, "read", List.copyOf(set));
        pending[c] = null;
      } else {
        boolean crash = random.nextInt(10) == 0;
        emit(ops, process[c], crash ? OpType.INFO : OpType.OK, "add", pending[c].value());
        if (!crash && step > faultAt && (forget || duplicate)) {
          if (forget) {
            set.remove(pending[c].value());
          } else {
            set.add((Long) pending[c].value());
          }
          forget = duplicate = false;
        }
        if (crash) {
          process[c] = nextProcess++;
        }
        pending[c] = null;
      }
    }
    emit(ops, 999, OpType.INVOKE, "read", null);
    emit(ops, 999, OpType.OK, "read", List.copyOf(set));
    return History.of(ops);
  }

  private static Op emit(List<Op> ops, int p, OpType type, String f, Object value) {
    Op op = new Op(ops.size(), ops.size() * 1000L, p, type, f, null, value, null, null, null);
    ops.add(op);
    return op;
  }

  @Test
  void aCorrectSetAlwaysPasses() {
    for (long seed = 0; seed < 300; seed++) {
      Result r =
          Compose.of(new NoLostWrites(), new NoDuplicates()).check(simulate(seed, false, false));
      assertThat(r.validity()).as("seed %d: %s", seed, r.allAnomalies()).isEqualTo(Validity.VALID);
    }
  }

  @Test
  void aSetThatForgetsAnAcknowledgedElementLosesExactlyThatOne() {
    for (long seed = 0; seed < 300; seed++) {
      History h = simulate(seed, true, false);
      Result r = new NoLostWrites().check(h);
      assertThat(r.validity()).as("seed %d", seed).isEqualTo(Validity.INVALID);
      assertThat(r.anomalies()).extracting(Anomaly::kind).containsExactly("lost");
      assertThat(r.stats()).containsEntry("lost", 1L);
    }
  }

  @Test
  void aSetThatAppliesAnAddTwiceHasADuplicate() {
    for (long seed = 0; seed < 300; seed++) {
      Result r = new NoDuplicates().check(simulate(seed, false, true));
      assertThat(r.validity()).as("seed %d", seed).isEqualTo(Validity.INVALID);
      assertThat(r.anomalies()).extracting(Anomaly::kind).contains("duplicate");
      assertThat(new TreeSet<>(r.anomalies().stream().map(a -> a.details().get("times")).toList()))
          .containsOnly(2);
    }
  }
}
