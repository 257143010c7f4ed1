package dev.firedrill.engine.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.engine.model.RequestTemplate;
import dev.firedrill.engine.model.Workload;
import dev.firedrill.engine.model.WorkloadType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class GeneratorsTest {

  private static Workload workload(WorkloadType type, String... ops) {
    return withKeys(type, 3, ops);
  }

  private static Workload withKeys(WorkloadType type, Integer keys, String... ops) {
    Map<String, RequestTemplate> map = new HashMap<>();
    for (String op : ops) {
      map.put(op, new RequestTemplate(null, null, "/" + op, null, null, null, null, null, null));
    }
    return new Workload(type, "http://x", 10.0, 4, "1m", null, keys, 100L, map);
  }

  @Test
  void keysSetHowManyDistinctKeysTheOperationsUse() {
    for (int keys : new int[] {1, 7}) {
      Generator g = Generators.of(withKeys(WorkloadType.KV, keys, "read", "write"), "run1");
      assertThat(take(g, 2000).stream().map(Invocation::key).distinct().count())
          .as("keys: %d", keys)
          .isEqualTo(keys);
    }
    Generator defaults = Generators.of(withKeys(WorkloadType.KV, null, "read", "write"), "run1");
    assertThat(take(defaults, 2000).stream().map(Invocation::key).distinct().count()).isEqualTo(5);
  }

  private static List<Invocation> take(Generator g, int n) {
    SplittableRandom r = new SplittableRandom(1);
    List<Invocation> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(g.next(i % 4, r));
    }
    return out;
  }

  @Test
  void setElementsAreUniqueEvenFromConcurrentClients() throws InterruptedException {
    Generator g = Generators.of(workload(WorkloadType.SET, "add", "read"), "run1");
    ConcurrentLinkedQueue<Invocation> all = new ConcurrentLinkedQueue<>();
    List<Thread> threads =
        IntStream.range(0, 8)
            .mapToObj(p ->
                Thread.ofVirtual()
                    .start(() -> {
                      SplittableRandom r = new SplittableRandom(p);
                      for (int i = 0; i < 2000; i++) {
                        all.add(g.next(p, r));
                      }
                    }))
            .toList();
    for (Thread t : threads) {
      t.join();
    }

    List<Object> added =
        all.stream().filter(i -> i.f().equals("add")).map(Invocation::value).toList();
    assertThat(added).doesNotHaveDuplicates().hasSizeGreaterThan(12000);
    assertThat(all.stream().map(Invocation::idempotencyKey)).doesNotHaveDuplicates();
    assertThat(all).anySatisfy(i -> assertThat(i.f()).isEqualTo("read"));
    assertThat(g.finalReads()).extracting(Invocation::f).containsExactly("read");
  }

  @Test
  void eventSequencesIncreasePerEntity() {
    List<Invocation> ops =
        take(Generators.of(workload(WorkloadType.EVENTS, "append", "read"), "r"), 500);

    Map<String, Long> last = new HashMap<>();
    for (Invocation i : ops.stream().filter(i -> i.f().equals("append")).toList()) {
      long seq = (Long) i.value();
      assertThat(seq).isEqualTo(last.getOrDefault(i.key(), 0L) + 1);
      assertThat(i.bindings().values()).containsEntry("seq", Long.toString(seq));
      last.put(i.key(), seq);
    }
    assertThat(last).containsOnlyKeys("k0", "k1", "k2");
  }

  @Test
  void casCarriesExpectedAndNewAndBindsBoth() {
    List<Invocation> cas =
        take(Generators.of(workload(WorkloadType.KV, "read", "write", "cas"), "r"), 300).stream()
            .filter(i -> i.f().equals("cas"))
            .toList();

    assertThat(cas)
        .isNotEmpty()
        .allSatisfy(i -> {
          List<?> v = (List<?>) i.value();
          assertThat(v).hasSize(2);
          assertThat(i.bindings().values())
              .containsEntry("expected", String.valueOf(v.get(0)))
              .containsEntry("value", String.valueOf(v.get(1)));
        });
  }

  @Test
  void transfersMoveBetweenTwoDifferentAccounts() {
    List<Invocation> transfers =
        take(Generators.of(workload(WorkloadType.BANK, "transfer", "read"), "r"), 300).stream()
            .filter(i -> i.f().equals("transfer"))
            .toList();

    assertThat(transfers)
        .isNotEmpty()
        .allSatisfy(i -> {
          Map<?, ?> v = (Map<?, ?>) i.value();
          assertThat(v.get("from")).isNotEqualTo(v.get("to"));
          assertThat(i.bindings().values())
              .containsEntry("from", String.valueOf(v.get("from")))
              .containsEntry("to", String.valueOf(v.get("to")));
        });
  }

  @Test
  void aMappedProjectionIsReadDuringTheRunAndAtTheEnd() {
    Generator g = Generators.of(workload(WorkloadType.KV, "read", "write", "readProjection"), "r");

    assertThat(take(g, 300))
        .extracting(Invocation::f)
        .contains("read-source", "read-projection", "write")
        .doesNotContain("read", "cas");
    assertThat(g.finalReads())
        .extracting(i -> i.f() + " " + i.key())
        .containsExactly(
            "read-source k0",
            "read-projection k0",
            "read-source k1",
            "read-projection k1",
            "read-source k2",
            "read-projection k2");
  }

  @Test
  void aKvWorkloadThatMapsAppendAppendsUniqueValuesPerKey() {
    List<Invocation> ops =
        take(Generators.of(workload(WorkloadType.KV, "read", "write", "append"), "r"), 3000);

    Map<String, Long> byF = new HashMap<>();
    ops.forEach(i -> byF.merge(i.f(), 1L, Long::sum));
    assertThat(byF).containsOnlyKeys("read", "write", "append");
    assertThat(byF.get("append")).isGreaterThan(byF.get("write") * 2);
    List<Object> written =
        ops.stream().filter(i -> !i.f().equals("read")).map(Invocation::value).toList();
    assertThat(written)
        .doesNotHaveDuplicates()
        .allSatisfy(v -> assertThat((String) v).matches("v[0-9]+;"));
    // No value is part of another, so the string a read returns shows each append apart.
    List<String> texts = written.stream().limit(300).map(String.class::cast).toList();
    for (String a : texts) {
      for (String b : texts) {
        if (!a.equals(b)) {
          assertThat(b).doesNotContain(a);
        }
      }
    }
    assertThat(ops)
        .filteredOn(i -> i.f().equals("append"))
        .allSatisfy(
            i -> assertThat(i.bindings().values()).containsEntry("value", (String) i.value()));
    assertThat(ops).extracting(Invocation::key).containsOnly("k0", "k1", "k2");
    assertThat(
            Generators.of(workload(WorkloadType.KV, "read", "write", "append"), "r").finalReads())
        .extracting(i -> i.f() + " " + i.key())
        .containsExactly("read k0", "read k1", "read k2");
  }
}
