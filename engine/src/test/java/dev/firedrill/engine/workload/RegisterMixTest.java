package dev.firedrill.engine.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.engine.model.OperationMix;
import dev.firedrill.engine.model.RequestTemplate;
import dev.firedrill.engine.model.Workload;
import dev.firedrill.engine.model.WorkloadType;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The register generator's operation mix and value range: defaults as documented, or as set. */
class RegisterMixTest {

  private static final int N = 30_000;

  private static Workload kv(boolean cas, OperationMix mix, Integer values) {
    Map<String, RequestTemplate> ops = new HashMap<>();
    for (String op : cas ? new String[] {"read", "write", "cas"} : new String[] {"read", "write"}) {
      ops.put(op, new RequestTemplate(null, null, "/" + op, null, null, null, null, null, null));
    }
    return new Workload(
        WorkloadType.KV, "http://x", null, null, 10.0, 4, "1m", null, 3, null, mix, values, ops);
  }

  private record Drawn(Map<String, Integer> fs, TreeSet<Integer> values) {}

  private static Drawn draw(Workload w) {
    Generator g = Generators.of(w, "run");
    SplittableRandom r = new SplittableRandom(5);
    Map<String, Integer> fs = new TreeMap<>();
    TreeSet<Integer> values = new TreeSet<>();
    for (int i = 0; i < N; i++) {
      Invocation inv = g.next(i % 4, r);
      fs.merge(inv.f(), 1, Integer::sum);
      if (inv.f().equals("write")) {
        values.add(Integer.parseInt((String) inv.value()));
      }
      if (inv.f().equals("cas")) {
        values.add(Integer.parseInt(inv.bindings().values().get("expected")));
        values.add(Integer.parseInt(inv.bindings().values().get("value")));
      }
    }
    return new Drawn(fs, values);
  }

  private static double share(Drawn d, String f) {
    return d.fs().getOrDefault(f, 0) / (double) N;
  }

  @Test
  void byDefaultAThirdEachOfReadWriteAndCasOverValuesZeroToFour() {
    Drawn d = draw(kv(true, null, null));
    assertThat(share(d, "read")).isBetween(0.31, 0.36);
    assertThat(share(d, "write")).isBetween(0.31, 0.36);
    assertThat(share(d, "cas")).isBetween(0.31, 0.36);
    assertThat(d.values()).containsExactly(0, 1, 2, 3, 4);
  }

  @Test
  void withoutCasHalfReadsHalfWrites() {
    Drawn d = draw(kv(false, null, null));
    assertThat(d.fs()).containsOnlyKeys("read", "write");
    assertThat(share(d, "read")).isBetween(0.48, 0.52);
  }

  @Test
  void aMixSetsTheSharesAndAZeroWeightIssuesNone() {
    Drawn d = draw(kv(true, new OperationMix(8, 2, 0), null));
    assertThat(d.fs()).containsOnlyKeys("read", "write");
    assertThat(share(d, "read")).isBetween(0.78, 0.82);
    Drawn casHeavy = draw(kv(true, new OperationMix(1, null, 3), null));
    assertThat(share(casHeavy, "cas")).isBetween(0.58, 0.62);
    assertThat(share(casHeavy, "write")).isBetween(0.18, 0.22);
  }

  @Test
  void valuesWidensTheRangeWrittenAndExpected() {
    Drawn d = draw(kv(true, null, 50));
    assertThat(d.values().first()).isZero();
    assertThat(d.values().last()).isEqualTo(49);
    assertThat(d.values()).hasSize(50);
  }

  @Test
  void theDefaultMixIssuesTheOperationsASeedAlwaysIssued() {
    Workload explicit = kv(true, new OperationMix(1, 1, 1), 5);
    Workload implicit = kv(true, null, null);
    Generator a = Generators.of(explicit, "run");
    Generator b = Generators.of(implicit, "run");
    SplittableRandom ra = new SplittableRandom(11);
    SplittableRandom rb = new SplittableRandom(11);
    SplittableRandom old = new SplittableRandom(11);
    for (int i = 0; i < 500; i++) {
      Invocation x = a.next(0, ra);
      Invocation y = b.next(0, rb);
      assertThat(y.f()).isEqualTo(x.f());
      assertThat(y.key()).isEqualTo(x.key());
      assertThat(String.valueOf(y.value())).isEqualTo(String.valueOf(x.value()));
      // the draws the generator made before mixes existed: key, nextInt(3), nextInt(5)
      String key = "k" + old.nextInt(3);
      int choice = old.nextInt(3);
      String v = Integer.toString(old.nextInt(5));
      assertThat(y.key()).isEqualTo(key);
      assertThat(y.f()).isEqualTo(choice == 0 ? "read" : choice == 1 ? "write" : "cas");
      if (choice == 1) {
        assertThat(y.value()).isEqualTo(v);
      } else if (choice == 2) {
        assertThat(y.bindings().values().get("value")).isEqualTo(v);
        assertThat(y.bindings().values().get("expected"))
            .isEqualTo(Integer.toString(old.nextInt(5)));
      }
    }
  }
}
