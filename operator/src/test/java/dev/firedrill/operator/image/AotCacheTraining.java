package dev.firedrill.operator.image;

import dev.firedrill.cluster.runner.LeaseRulesReview;
import dev.firedrill.engine.model.DrillSpec;
import dev.firedrill.engine.validate.DrillLoader;
import dev.firedrill.engine.validate.LoadResult;
import dev.firedrill.operator.api.v1alpha1.Drill;
import dev.firedrill.operator.api.v1alpha1.DrillRun;
import dev.firedrill.operator.api.v1alpha1.DrillRunSpec;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The build step that gives the operator image its JDK AOT cache (operator/pom.xml, execution
 * {@code image-aot}, after {@code quarkus:build} and before Jib): it starts the packaged app once
 * on the image's own Java against Fabric8's mock API server with {@code -XX:AOTCacheOutput}, and
 * stops it; on exit that JVM writes the cache.
 *
 * <p>A cache is used only by the JVM build that made it, and only with the class path it recorded:
 * each jar's size and modification time. So the training run uses a copy of the app in {@code
 * STAGE} with every file's time set to the one Jib gives it in the image ({@code
 * 1970-01-01T00:00:01Z}, Jib's default {@code filesModificationTime}), the image's runtime and the
 * image's flags (in the chart's default 512 MiB container, where the JVM picks the serial
 * collector), and writes the cache to {@code CACHE}, which Jib adds as {@code
 * /deployments/app.aot}. Jib itself takes the app from {@code APP_DIR}, whose files keep their
 * times: its layer cache tells a changed file by its modification time. The class path may move
 * (the JVM accepts the same jars under another directory). A cache that does not match is never
 * used: the entrypoint's {@code -XX:AOTCache} runs in the default {@code -XX:AOTMode=auto}, which
 * starts without it; OperatorImageIT starts the image with {@code -XX:AOTMode=on} to prove that it
 * matches.
 *
 * <p>The training load, the benchmark's (docs/benchmarks.md, "Operator"): 1,000 Drills, the drill
 * library over and over (so every Drill is read, validated and given its status, as at any start;
 * trained on 100, the cache started the operator 0.75x as fast), and one DrillRun (so the first
 * run's path, up to its runner Job, is in the cache too).
 *
 * <p>Usage: {@code AotCacheTraining JAVA APP_DIR STAGE CACHE DRILLS_DIR [JVM_FLAG...]}.
 */
public final class AotCacheTraining {

  private static final String OPERATOR_NS = "firedrill-system";
  private static final String DRILL_NS = "shop";

  /** Drills in the API during the training run. */
  private static final int DRILLS = 1000;

  /** The library drill of drill-0, which the training DrillRun runs. */
  private static final String RUN_DRILL = "weekly-pod-kill.yaml";

  /** Jib's default container.filesModificationTime: EPOCH_PLUS_SECOND. */
  private static final FileTime JIB_TIME = FileTime.fromMillis(1000);

  private AotCacheTraining() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 5) {
      throw new IllegalArgumentException(
          "usage: AotCacheTraining JAVA APP_DIR STAGE CACHE DRILLS_DIR [JVM_FLAG...]");
    }
    Path java = Path.of(args[0]);
    Path stage = Path.of(args[2]).toAbsolutePath();
    Path cache = Path.of(args[3]).toAbsolutePath();
    List<String> flags = List.of(args).subList(5, args.length);
    long began = System.nanoTime();
    try {
      stage(Path.of(args[1]), stage);
      Files.createDirectories(cache.getParent());
      Files.deleteIfExists(cache);
      train(java, stage, cache, flags, drills(Path.of(args[4])));
    } catch (Exception e) {
      e.printStackTrace();
      System.exit(1); // the mock server's threads would keep this JVM, and the build, waiting
    }
    System.out.printf(
        "[image-aot] %s: %d MB, trained in %.1f s by %s%n",
        cache, Files.size(cache) >> 20, (System.nanoTime() - began) / 1e9, java);
    System.exit(0);
  }

  /** STAGE := a copy of the app, each file and directory with the modification time Jib gives. */
  static void stage(Path app, Path stage) throws IOException {
    if (Files.exists(stage)) {
      try (Stream<Path> old = Files.walk(stage)) {
        old.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(AotCacheTraining::delete);
      }
    }
    try (Stream<Path> files = Files.walk(app)) {
      for (Path from : files.toList()) {
        Path to = stage.resolve(app.relativize(from).toString());
        if (Files.isDirectory(from)) {
          Files.createDirectories(to);
        } else {
          Files.copy(from, to);
        }
      }
    }
    try (Stream<Path> files = Files.walk(stage)) {
      for (Path p : files.toList()) {
        Files.setLastModifiedTime(p, JIB_TIME);
      }
    }
  }

  private static void train(
      Path java, Path stage, Path cache, List<String> flags, List<DrillSpec> drills)
      throws Exception {
    KubernetesMockServer server = mockServer();
    try (KubernetesClient client = server.createClient()) {
      namespace(client, OPERATOR_NS, false);
      namespace(client, DRILL_NS, true);
      for (int i = 0; i < DRILLS; i++) {
        Drill d = new Drill();
        d.setMetadata(
            new ObjectMetaBuilder().withName(drillName(i)).withNamespace(DRILL_NS).build());
        d.setSpec(drills.get(i % drills.size()));
        client.resource(d).create();
      }
      int port = freePort();
      Path log = stage.resolveSibling(stage.getFileName() + "-training.log");
      List<String> command = new ArrayList<>(List.of(java.toString()));
      command.addAll(flags);
      command.addAll(
          List.of(
              "-XX:AOTCacheOutput=" + cache,
              "-jar",
              stage.resolve("quarkus-run.jar").toAbsolutePath().toString()));
      ProcessBuilder pb =
          new ProcessBuilder(command)
              .directory(stage.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      pb.environment()
          .putAll(
              Map.of(
                  "QUARKUS_KUBERNETES_CLIENT_API_SERVER_URL", server.url("/"),
                  "QUARKUS_HTTP_PORT", Integer.toString(port),
                  "FIREDRILL_OPERATOR_NAMESPACE", OPERATOR_NS));
      Process operator = pb.start();
      try {
        exercise(client, operator, port, log);
        operator.destroy(); // SIGTERM, as the kubelet stops it; the JVM writes the cache on exit
        if (!operator.waitFor(300, TimeUnit.SECONDS) || !Files.isRegularFile(cache)) {
          throw new IllegalStateException("the training run wrote no AOT cache; its log: " + log);
        }
      } finally {
        operator.destroyForcibly();
      }
    } finally {
      server.destroy();
    }
  }

  /** Ready, every Drill given its status, and one DrillRun as far as its runner Job. */
  private static void exercise(KubernetesClient client, Process operator, int port, Path log)
      throws InterruptedException {
    String why = "the training run's operator (log: " + log + ")";
    await(operator, () -> ready(port), () -> why + " never became ready");
    await(
        operator,
        () ->
            client.resources(Drill.class).inNamespace(DRILL_NS).list().getItems().stream()
                .allMatch(d -> d.getStatus() != null && !d.getStatus().conditions().isEmpty()),
        () -> why + " left Drills without a status");
    DrillRun run = new DrillRun();
    run.setMetadata(new ObjectMetaBuilder().withName("training").withNamespace(DRILL_NS).build());
    run.setSpec(DrillRunSpec.of(drillName(0), DrillRunSpec.Trigger.CI));
    client.resource(run).create();
    await(
        operator,
        () -> !client.batch().v1().jobs().inNamespace(OPERATOR_NS).list().getItems().isEmpty(),
        () ->
            why
                + " made no runner Job for a DrillRun, whose status is "
                + client.resource(run).get().getStatus());
  }

  private static String drillName(int i) {
    return "drill-" + i;
  }

  /**
   * The Drills' specs: first {@value #RUN_DRILL}'s (a cluster drill, which the DrillRun runs), then
   * those of every other drill of the library.
   */
  private static List<DrillSpec> drills(Path dir) throws IOException {
    List<DrillSpec> specs = new ArrayList<>(load(dir.resolve(RUN_DRILL)));
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        if (!f.getFileName().toString().equals(RUN_DRILL)) {
          specs.addAll(load(f));
        }
      }
    }
    return specs;
  }

  private static List<DrillSpec> load(Path file) {
    LoadResult loaded = new DrillLoader().loadFile(file);
    if (!loaded.valid()) {
      throw new IllegalStateException(file + " does not load: " + loaded.problems());
    }
    return loaded.drills().stream().map(d -> d.spec()).toList();
  }

  private static KubernetesMockServer mockServer() {
    // CRUD for everything plus one expectation: the mixed dispatcher answers from it first.
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            responses,
            new KubernetesMixedDispatcher(responses),
            false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    // The prod profile's leader election asks what it may do with Leases; the CRUD mock does not
    // evaluate RBAC, so it answers as the chart's Role would.
    LeaseRulesReview.answer(server.expect());
    return server;
  }

  private static void namespace(KubernetesClient client, String name, boolean drills) {
    var builder = new NamespaceBuilder().withNewMetadata().withName(name);
    if (drills) {
      builder.addToLabels("firedrill.dev/drills", "enabled");
    }
    client.resource(builder.endMetadata().build()).create();
  }

  private static boolean ready(int port) {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException e) {
      return false; // not listening yet
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Polls every 50 ms until the condition holds; fails if the operator exits or after 120 s. */
  private static void await(Process operator, BooleanSupplier condition, Supplier<String> failure)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!condition.getAsBoolean()) {
      if (!operator.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException(failure.get());
      }
      Thread.sleep(50);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void delete(Path p) {
    try {
      Files.delete(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
