package dev.firedrill.engine.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.engine.model.EndpointPolicy;
import dev.firedrill.engine.model.RequestTemplate;
import dev.firedrill.engine.model.Workload;
import dev.firedrill.engine.model.WorkloadType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Which member each operation goes to, by policy: pure, seeded, no sockets. */
class EndpointsTest {

  private static final List<String> MEMBERS =
      List.of("http://127.0.0.1:2379", "http://127.0.0.1:22379", "http://127.0.0.1:32379");

  private static RequestTemplate template(String path) {
    return new RequestTemplate(null, null, path, null, null, null, null, null, null);
  }

  private static Workload workload(
      EndpointPolicy policy, List<String> endpoints, Map<String, RequestTemplate> ops) {
    return new Workload(
        WorkloadType.REGISTER,
        endpoints.isEmpty() ? "http://127.0.0.1:8080" : null,
        endpoints,
        policy,
        10.0,
        4,
        "1m",
        null,
        null,
        null,
        null,
        null,
        ops);
  }

  private static Workload registers(EndpointPolicy policy) {
    return workload(
        policy,
        MEMBERS,
        Map.of("read", template("/r"), "write", template("/w"), "cas", template("/c")));
  }

  private static Map<String, Long> spread(List<String> urls) {
    return urls.stream()
        .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
  }

  @Test
  void roundRobinGivesEveryMemberAnEqualShareWhateverTheClients() {
    Endpoints e = new Endpoints(registers(EndpointPolicy.ROUND_ROBIN));
    SplittableRandom r = new SplittableRandom(1);
    List<String> chosen = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      chosen.add(e.choose(i % 2 == 0 ? "read" : "write", 7, r));
    }
    assertThat(chosen.subList(0, 4))
        .containsExactly(MEMBERS.get(0), MEMBERS.get(1), MEMBERS.get(2), MEMBERS.get(0));
    assertThat(spread(chosen))
        .containsOnlyKeys(MEMBERS)
        .allSatisfy((url, n) -> assertThat(n).isEqualTo(100));
  }

  @Test
  void randomDrawsFromTheClientsSeededSourceSoASeedRepeatsItsChoices() {
    Endpoints e = new Endpoints(registers(EndpointPolicy.RANDOM));
    List<String> first = new ArrayList<>();
    List<String> again = new ArrayList<>();
    SplittableRandom a = new SplittableRandom(42);
    SplittableRandom b = new SplittableRandom(42);
    for (int i = 0; i < 600; i++) {
      first.add(e.choose("read", 0, a));
      again.add(e.choose("read", 0, b));
    }
    assertThat(again).isEqualTo(first);
    assertThat(spread(first))
        .containsOnlyKeys(MEMBERS)
        .allSatisfy((url, n) -> assertThat(n).isBetween(150L, 250L));
    List<String> other = new ArrayList<>();
    SplittableRandom c = new SplittableRandom(43);
    for (int i = 0; i < 600; i++) {
      other.add(e.choose("read", 0, c));
    }
    assertThat(other).isNotEqualTo(first);
  }

  @Test
  void perClientBindsClientCToMemberCModNAsJepsenBindsAWorkerToANode() {
    Endpoints e = new Endpoints(registers(EndpointPolicy.PER_CLIENT)); // concurrency 4
    SplittableRandom r = new SplittableRandom(1);
    for (int c = 0; c < 4; c++) {
      for (int i = 0; i < 5; i++) {
        assertThat(e.choose("read", c, r)).isEqualTo(MEMBERS.get(c % 3));
      }
    }
  }

  @Test
  void perClientKeepsAClientOnItsMemberWhenItGoesOnAsANewProcessAfterATimeout() {
    Endpoints e = new Endpoints(registers(EndpointPolicy.PER_CLIENT)); // concurrency 4
    SplittableRandom r = new SplittableRandom(1);
    // after an info, the open loop continues client c as process c + concurrency, c + 2 x ...
    for (int c = 0; c < 4; c++) {
      for (int k = 1; k < 6; k++) {
        assertThat(e.choose("write", c + 4 * k, r))
            .as("client %d as process %d", c, c + 4 * k)
            .isEqualTo(MEMBERS.get(c % 3));
      }
    }
  }

  @Test
  void readsWithoutAClientSourceGoRoundRobinSoFinalReadsVisitEveryMember() {
    Endpoints e = new Endpoints(registers(EndpointPolicy.PER_CLIENT));
    assertThat(
            List.of(
                e.choose("read", -1, null), e.choose("read", -1, null), e.choose("read", -1, null)))
        .containsExactlyElementsOf(MEMBERS);
  }

  @Test
  void anOperationsOwnEndpointsOrBaseUrlOverrideTheWorkloads() {
    RequestTemplate own =
        new RequestTemplate(
            null,
            null,
            List.of("http://a:1", "http://b:2"),
            "/r",
            null,
            null,
            null,
            null,
            null,
            null);
    RequestTemplate fixed =
        new RequestTemplate(null, "http://ledger:9", "/w", null, null, null, null, null, null);
    Endpoints e =
        new Endpoints(
            workload(
                EndpointPolicy.ROUND_ROBIN,
                MEMBERS,
                Map.of("read", own, "write", fixed, "cas", template("/c"))));
    SplittableRandom r = new SplittableRandom(1);
    assertThat(List.of(e.choose("read", 0, r), e.choose("read", 0, r), e.choose("read", 0, r)))
        .containsExactly("http://a:1", "http://b:2", "http://a:1");
    assertThat(e.choose("write", 0, r)).as("one base URL: not routed").isNull();
    assertThat(e.choose("cas", 0, r)).isEqualTo(MEMBERS.get(0));
  }

  @Test
  void aWorkloadOnOneBaseUrlIsNeverRoutedSoItsHistoryNamesNoEndpoint() {
    Workload one =
        workload(
            EndpointPolicy.RANDOM,
            List.of(),
            Map.of("read", template("/r"), "write", template("/w")));
    Generator g = new Endpoints(one).route(Generators.of(one, "run"));
    SplittableRandom r = new SplittableRandom(3);
    for (int i = 0; i < 50; i++) {
      assertThat(g.next(i % 4, r).endpoint()).isNull();
    }
    assertThat(g.finalReads()).allSatisfy(inv -> assertThat(inv.endpoint()).isNull());
  }

  @Test
  void aRoutedGeneratorIssuesTheSameOperationsAndNamesTheEndpointOfEach() {
    Workload w = registers(EndpointPolicy.RANDOM);
    Generator plain = Generators.of(w, "run");
    Generator routed = new Endpoints(w).route(Generators.of(w, "run"));
    SplittableRandom a = new SplittableRandom(9);
    SplittableRandom b = new SplittableRandom(9);
    List<String> endpoints = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      Invocation x = plain.next(i % 4, a);
      Invocation y = routed.next(i % 4, b);
      a.nextInt(3); // the routed generator draws its endpoint after the operation
      assertThat(List.of(y.f(), String.valueOf(y.key()), String.valueOf(y.value())))
          .isEqualTo(List.of(x.f(), String.valueOf(x.key()), String.valueOf(x.value())));
      endpoints.add(y.endpoint());
    }
    assertThat(endpoints).containsOnlyElementsOf(MEMBERS).containsAll(MEMBERS);
    assertThat(routed.finalReads())
        .extracting(Invocation::endpoint)
        .containsExactly(MEMBERS.get(0));
  }
}
