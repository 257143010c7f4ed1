package dev.firedrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.cluster.safety.ClusterRules;
import dev.firedrill.engine.model.DrillSpec;
import dev.firedrill.engine.model.ProbeSpec;
import dev.firedrill.engine.model.ProxySpec;
import dev.firedrill.engine.model.RequestTemplate;
import dev.firedrill.engine.validate.DrillLoader;
import dev.firedrill.engine.validate.LoadResult;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The library drills written against the demo shop as deployed in a cluster can run against it:
 * each passes the cluster rules, and names only what e2e/kind/shop/shop.yaml deploys — the Services
 * and ports it calls or intercepts, a Deployment's pods as its target — and reads the shop's real
 * routes. (The kind suite, e2e/kind/README.md, runs its own drills on a real cluster; it cannot run
 * here.)
 */
class DrillLibraryShopTest {

  private static final Path ROOT = Path.of("..");
  private static final Pattern SERVICE_URL =
      Pattern.compile("http://([a-z0-9-]+)\\.shop\\.svc:(\\d+)(/.*)?");

  static Stream<String> drills() {
    return Stream.of(
        "weekly-pod-kill.yaml",
        "partition-dependency.yaml",
        "payment-retries.yaml",
        "payment-latency-cascade.yaml");
  }

  @ParameterizedTest
  @MethodSource("drills")
  void namesOnlyWhatTheDemoShopDeploys(String name) throws IOException {
    LoadResult loaded = new DrillLoader().loadFile(ROOT.resolve("drills").resolve(name));
    assertThat(loaded.problems()).isEmpty();
    DrillSpec spec = loaded.drills().getFirst().spec();
    assertThat(ClusterRules.problems(spec)).isEmpty();
    assertThat(spec.target().namespace()).isEqualTo("shop");
    List<HasMetadata> shop = shop();

    assertThat(deployments(shop))
        .as("target.selector %s chooses a shop Deployment's pods", spec.target().selector())
        .anyMatch(d ->
            d.getSpec()
                .getTemplate()
                .getMetadata()
                .getLabels()
                .entrySet()
                .containsAll(spec.target().selector().entrySet()));
    List<String> urls = new ArrayList<>();
    urls.add(spec.workload().baseUrl());
    for (RequestTemplate op : spec.workload().operations().values()) {
      if (op.baseUrl() != null) {
        urls.add(op.baseUrl());
      }
      assertThat(op.path())
          .as("a route of the demo shop (docs/demo.md)")
          .isIn("/orders", "/payments");
    }
    spec.probes().stream()
        .map(ProbeSpec::http)
        .filter(h -> h != null)
        .forEach(h -> urls.add(h.url()));
    for (String url : urls) {
      Matcher m = SERVICE_URL.matcher(url);
      assertThat(m.matches()).as("%s is http://<service>.shop.svc:<port>", url).isTrue();
      assertThat(ports(shop, m.group(1))).as(url).contains(Integer.parseInt(m.group(2)));
    }
    if (spec.toxiproxy() != null) {
      for (ProxySpec proxy : spec.toxiproxy().proxies()) {
        assertThat(proxy.intercepts()).as(proxy.name() + " intercepts a Service").isTrue();
        assertThat(ports(shop, proxy.service())).contains(proxy.port());
      }
    }
  }

  private static List<HasMetadata> shop() throws IOException {
    String yaml =
        Files.readString(ROOT.resolve("e2e/kind/shop/shop.yaml"))
            .replace("${FIREDRILL_IMAGE}", "ghcr.io/firedrill/firedrill:test");
    Object parsed = Serialization.unmarshal(yaml);
    List<?> all = parsed instanceof KubernetesList l ? l.getItems() : (List<?>) parsed;
    return all.stream().filter(HasMetadata.class::isInstance).map(HasMetadata.class::cast).toList();
  }

  private static List<Deployment> deployments(List<HasMetadata> shop) {
    return shop.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast).toList();
  }

  private static List<Integer> ports(List<HasMetadata> shop, String service) {
    return shop.stream()
        .filter(o -> o instanceof Service && o.getMetadata().getName().equals(service))
        .flatMap(o -> ((Service) o).getSpec().getPorts().stream())
        .map(p -> p.getPort())
        .toList();
  }
}
