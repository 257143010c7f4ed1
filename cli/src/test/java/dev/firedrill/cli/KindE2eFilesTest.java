package dev.firedrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.firedrill.cluster.safety.ClusterRules;
import dev.firedrill.demo.ShopOptions;
import dev.firedrill.engine.model.DrillSpec;
import dev.firedrill.engine.model.FaultSpec;
import dev.firedrill.engine.model.PodKill;
import dev.firedrill.engine.model.ProbeSpec;
import dev.firedrill.engine.model.ProxySpec;
import dev.firedrill.engine.model.RequestTemplate;
import dev.firedrill.engine.validate.DrillLoader;
import dev.firedrill.engine.validate.LoadResult;
import dev.firedrill.engine.validate.LoadedDrill;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * What can be checked here of the kind end-to-end suite, which cannot run here (no kind, Docker or
 * registry; e2e/kind/README.md): every drill of e2e/kind/drills/ passes {@code firedrill lint} and
 * the cluster rules, and names only what e2e/kind/shop/shop.yaml deploys (Services and ports it
 * intercepts or calls, pods its selectors choose); every shop container's command line is one the
 * CLI's {@code shop} subcommand and the shop's own parser accept; e2e/kind/run.sh names files and
 * chart values that exist.
 */
class KindE2eFilesTest {
  private static final Path KIND = Path.of("..", "e2e", "kind");
  private static final Pattern SERVICE_URL =
      Pattern.compile("http://([a-z0-9-]+)\\.shop\\.svc:(\\d+)(/.*)?");

  static Stream<Path> drills() throws IOException {
    try (Stream<Path> files = Files.list(KIND.resolve("drills"))) {
      List<Path> yaml = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
      assertThat(yaml).hasSizeGreaterThanOrEqualTo(3);
      return yaml.stream();
    }
  }

  @Test
  void everyDrillPassesFiredrillLint() {
    CliRun run = CliRun.of("lint", KIND.resolve("drills").toString());

    assertThat(run.err()).isEmpty();
    assertThat(run.out()).isEqualTo("3 drill(s) valid" + System.lineSeparator());
    assertThat(run.exitCode()).isZero();
  }

  @ParameterizedTest
  @MethodSource("drills")
  void eachDrillMayRunInTheShopNamespaceAndNamesOnlyWhatTheShopDeploys(Path file)
      throws IOException {
    LoadResult loaded = new DrillLoader().loadFile(file);
    assertThat(loaded.problems()).isEmpty();
    LoadedDrill drill = loaded.drills().getFirst();
    DrillSpec spec = drill.spec();
    assertThat(ClusterRules.problems(spec)).isEmpty();
    assertThat(Files.readString(file)).contains("# yaml-language-server: $schema=");
    assertThat(spec.description()).isNotBlank();
    assertThat(new YAMLMapper().readTree(drill.text()).path("metadata").path("namespace").asText())
        .isEqualTo("shop");
    assertThat(spec.target().namespace()).isEqualTo("shop");
    Shop shop = Shop.read();

    assertThat(shop.podsMatch(spec.target().selector()))
        .as("target.selector %s matches the pods of a shop Deployment", spec.target().selector())
        .isTrue();
    List<String> urls = new ArrayList<>();
    urls.add(spec.workload().baseUrl());
    for (RequestTemplate op : spec.workload().operations().values()) {
      if (op.baseUrl() != null) {
        urls.add(op.baseUrl());
      }
    }
    spec.probes().stream()
        .map(ProbeSpec::http)
        .filter(h -> h != null)
        .forEach(h -> urls.add(h.url()));
    for (String url : urls) {
      Matcher m = SERVICE_URL.matcher(url);
      assertThat(m.matches()).as("%s is http://<service>.shop.svc:<port>", url).isTrue();
      assertThat(shop.servicePorts(m.group(1))).as(url).contains(Integer.parseInt(m.group(2)));
    }
    if (spec.toxiproxy() != null) {
      assertThat(spec.toxiproxy().url()).as("interception uses the run's own Toxiproxy").isNull();
      for (ProxySpec proxy : spec.toxiproxy().proxies()) {
        assertThat(proxy.intercepts()).as(proxy.name() + " intercepts a Service").isTrue();
        assertThat(shop.servicePorts(proxy.service())).contains(proxy.port());
      }
    }
    for (FaultSpec fault : spec.faults()) {
      if (fault.action() instanceof PodKill kill) {
        Map<String, String> labels = new HashMap<>(spec.target().selector());
        labels.putAll(kill.selector());
        assertThat(shop.podsMatch(labels)).as("pod kill %s", fault.name()).isTrue();
      }
    }
  }

  @Test
  void theDrillsCoverAnInterceptionAndAPodKillOfPayments() throws IOException {
    DrillSpec cascade = load("payment-cascade.yaml");
    assertThat(cascade.toxiproxy().proxies()).extracting(ProxySpec::service).contains("payments");
    DrillSpec kill = load("payments-pod-kill.yaml");
    assertThat(kill.target().selector()).containsEntry("app", "payments");
    assertThat(kill.faults()).anyMatch(f -> f.action() instanceof PodKill);
    assertThat(Shop.read().replicas("payments")).as("a kill leaves one serving").isEqualTo(2);
  }

  @Test
  void everyShopContainerRunsFiredrillShopWithArgumentsBothParsersAccept() throws IOException {
    Shop shop = Shop.read();
    assertThat(shop.deployments())
        .extracting(d -> d.getMetadata().getName())
        .containsExactlyInAnyOrder("orders", "payments", "inventory", "notifications", "history");
    for (Deployment d : shop.deployments()) {
      Container c = d.getSpec().getTemplate().getSpec().getContainers().getFirst();
      String name = d.getMetadata().getName();
      assertThat(c.getImage()).isEqualTo(Shop.IMAGE);
      assertThat(c.getEnv()).anyMatch(e -> e.getName().equals(ShopOptions.BUGS_ENV));
      List<String> args = c.getArgs();

      CommandLine.ParseResult parsed =
          Firedrill.commandLine().parseArgs(args.toArray(String[]::new));
      assertThat(parsed.subcommand().commandSpec().name()).isEqualTo("shop");
      assertThat(parsed.subcommand().matchedPositional(0).getValue().toString()).isEqualTo(name);
      ShopOptions options = ShopOptions.parse(args.subList(1, args.size()), null);
      assertThat(options.host()).isEqualTo("0.0.0.0");
      assertThat(options.port()).isEqualTo(8080);
      options
          .paymentsUrl()
          .ifPresent(u -> assertThat(shop.servicePorts(u.getHost())).contains(u.getPort()));
      options
          .historyUrl()
          .ifPresent(u -> assertThat(shop.servicePorts(u.getHost())).contains(u.getPort()));
      options
          .notificationsUrl()
          .ifPresent(u -> assertThat(shop.servicePorts(u.getHost())).contains(u.getPort()));
      assertThat(shop.servicePorts(name)).containsExactly(8080);
    }
  }

  @Test
  void theScriptNamesFilesAndChartValuesThatExist() throws IOException {
    String script = Files.readString(KIND.resolve("run.sh"));
    Matcher files = Pattern.compile("(e2e/kind/[\\w/.-]+\\.yaml)").matcher(script);
    int named = 0;
    while (files.find()) {
      named++;
      assertThat(Path.of("..").resolve(files.group(1))).as(files.group(1)).isRegularFile();
    }
    assertThat(named).isGreaterThanOrEqualTo(2);
    JsonNode values =
        new YAMLMapper().readTree(Path.of("..", "helm", "firedrill", "values.yaml").toFile());
    Matcher sets = Pattern.compile("--set ([\\w.]+)=").matcher(script);
    int keys = 0;
    while (sets.find()) {
      keys++;
      JsonNode node = values;
      for (String part : sets.group(1).split("\\.")) {
        node = node.path(part);
      }
      assertThat(node.isMissingNode()).as("chart value " + sets.group(1)).isFalse();
    }
    assertThat(keys).isEqualTo(4);
    for (String tarball :
        List.of("cli/target/firedrill-image.tar", "operator/target/firedrill-operator-image.tar")) {
      assertThat(script).contains(tarball);
      String module = tarball.substring(0, tarball.indexOf('/'));
      String name = tarball.substring(tarball.lastIndexOf('/') + 1);
      assertThat(Files.readString(Path.of("..", module, "pom.xml")))
          .as("the tarball Jib writes in " + module)
          .contains("<tar>${project.build.directory}/" + name + "</tar>");
    }
    assertThat(script).contains("-Pkind-e2e").contains("kind load image-archive");
    assertThat(script).contains("has not").contains("been run there");
  }

  private static DrillSpec load(String name) {
    LoadResult loaded = new DrillLoader().loadFile(KIND.resolve("drills").resolve(name));
    assertThat(loaded.problems()).isEmpty();
    return loaded.drills().getFirst().spec();
  }

  /** e2e/kind/shop/shop.yaml, its image placeholder filled as the script fills it. */
  private record Shop(List<HasMetadata> objects) {
    static final String IMAGE = "ghcr.io/firedrill/firedrill:test";

    static Shop read() throws IOException {
      String yaml =
          Files.readString(KIND.resolve("shop").resolve("shop.yaml"))
              .replace("${FIREDRILL_IMAGE}", IMAGE);
      Object parsed = Serialization.unmarshal(yaml);
      return new Shop(objects(parsed));
    }

    /** The documents of a multi-document file come as a list (an empty one as null). */
    private static List<HasMetadata> objects(Object parsed) {
      List<?> all = parsed instanceof KubernetesList l ? l.getItems() : (List<?>) parsed;
      return all.stream()
          .filter(HasMetadata.class::isInstance)
          .map(HasMetadata.class::cast)
          .toList();
    }

    List<Deployment> deployments() {
      return objects.stream()
          .filter(Deployment.class::isInstance)
          .map(Deployment.class::cast)
          .toList();
    }

    int replicas(String deployment) {
      return deployments().stream()
          .filter(d -> d.getMetadata().getName().equals(deployment))
          .findFirst()
          .orElseThrow()
          .getSpec()
          .getReplicas();
    }

    /** Whether {@code labels} choose the pods of some Deployment. */
    boolean podsMatch(Map<String, String> labels) {
      return !labels.isEmpty()
          && deployments().stream()
              .anyMatch(d ->
                  d.getSpec()
                      .getTemplate()
                      .getMetadata()
                      .getLabels()
                      .entrySet()
                      .containsAll(labels.entrySet()));
    }

    /** The ports of a Service, empty when the shop has none of that name. */
    List<Integer> servicePorts(String name) {
      return objects.stream()
          .filter(o -> o instanceof Service && o.getMetadata().getName().equals(name))
          .flatMap(o -> ((Service) o).getSpec().getPorts().stream())
          .map(p -> p.getPort())
          .toList();
    }
  }
}
