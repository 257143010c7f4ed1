package dev.firedrill.bench.operator;

import com.sun.net.httpserver.HttpServer;
import dev.firedrill.cluster.runner.LeaseRulesReview;
import dev.firedrill.cluster.runner.TestingKubelet;
import dev.firedrill.engine.fault.LedgerEntry;
import dev.firedrill.engine.validate.DrillLoader;
import dev.firedrill.engine.validate.LoadResult;
import dev.firedrill.operator.api.v1alpha1.Drill;
import dev.firedrill.operator.api.v1alpha1.DrillRun;
import dev.firedrill.operator.api.v1alpha1.DrillRunSpec;
import dev.firedrill.operator.api.v1alpha1.DrillRunStatus;
import dev.firedrill.proxy.ToxiproxyServer;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The operator as it runs in production — its packaged Quarkus app as a process of its own —
 * against Fabric8's mock API server (CRUD mode) in this JVM, with the packaged CLI as the runner
 * ({@link TestingKubelet} plays kubelet and Job controller):
 *
 * <ul>
 *   <li>{@code start N reps}: the operator's start with 0 Drills (the baseline) and with N Drills
 *       in the API, alternated: time to ready ({@code /q/health/ready}), time until every Drill has
 *       its Valid condition, and the process's RSS then (VmRSS, VmHWM);
 *   <li>{@code run reps}: time from a DrillRun's creation to the first operation reaching the
 *       system under test; heal latency (a partition on the embedded proxy, until the proxy is
 *       enabled again) after the kill switch is engaged and after the runner is SIGKILLed.
 * </ul>
 *
 * Usage: {@code OperatorBenchmark start 1000 3} or {@code OperatorBenchmark run 5}, from the
 * repository root after {@code ./mvnw -pl operator,cli,bench -am package -DskipTests}. Results:
 * docs/benchmarks.md, "Operator".
 */
public final class OperatorBenchmark {

  /**
   * The app as the image ships it: the copy that image-aot trained on (the same files, with Jib's
   * modification times), and its AOT cache; without an image build since the last package (the
   * cache older than the packaged app, e.g. after {@code -Djib.skip=true}), the packaged app alone.
   */
  private static final Path TRAINED =
      Path.of("operator", "target", "image-aot-training", "quarkus-run.jar").toAbsolutePath();

  private static final Path AOT_CACHE =
      Path.of("operator", "target", "image-aot", "app.aot").toAbsolutePath();

  private static final Path PACKAGED =
      Path.of("operator", "target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();

  private static final Path OPERATOR = trainedIsCurrent() ? TRAINED : PACKAGED;
  private static final Path CLI = Path.of("cli", "target", "firedrill-cli.jar").toAbsolutePath();
  private static final String OPERATOR_NS = "firedrill-system";

  /**
   * The operator image's JVM flags (operator/pom.xml, Jib entrypoint) in the chart's default
   * container (memory limit 512 MiB): {@code MaxRAM} makes the JVM size its heap as it would under
   * that limit (75%), but not choose the collector it would there, the serial one (under 1,792 MB
   * it is no server-class machine), so that is stated. {@code -Dbench.operator.jvm} adds flags (an
   * AOT cache, say).
   */
  private static final List<String> IMAGE_FLAGS =
      List.of(
          "-XX:MaxRAM=512m",
          "-XX:+UseSerialGC",
          "-XX:TieredStopAtLevel=1",
          "-XX:MaxRAMPercentage=75",
          "-XX:+ExitOnOutOfMemoryError",
          "-Djava.util.logging.manager=org.jboss.logmanager.LogManager");

  /** Held, so the level set on it is not lost when the logger is collected. */
  private static final java.util.logging.Logger MOCK_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  private OperatorBenchmark() {}

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "start";
    // The CLI (the runner) only takes part in the run mode.
    for (Path p : mode.equals("run") ? List.of(OPERATOR, CLI) : List.of(OPERATOR)) {
      if (!Files.exists(p)) {
        throw new IllegalStateException(p + " is missing: ./mvnw -pl operator,cli -am package");
      }
    }
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING); // one line per request otherwise
    System.out.printf(
        "machine: %d CPUs, load %s%n", Runtime.getRuntime().availableProcessors(), load());
    System.out.printf(
        "operator: %s%s%n", OPERATOR, OPERATOR == TRAINED ? " with -XX:AOTCache=" + AOT_CACHE : "");
    switch (mode) {
      case "start" ->
          start(
              args.length > 1 ? Integer.parseInt(args[1]) : 1000,
              args.length > 2 ? Integer.parseInt(args[2]) : 3);
      case "ab" ->
          OperatorStartAb.run(
              args.length > 1 ? Integer.parseInt(args[1]) : 1000,
              args.length > 2 ? Integer.parseInt(args[2]) : 3);
      case "train" ->
          OperatorStartAb.train(
              args.length > 1 ? Integer.parseInt(args[1]) : 1000,
              Path.of(args.length > 2 ? args[2] : "operator/target/operator.aot"));
      case "run" -> runs(args.length > 1 ? Integer.parseInt(args[1]) : 5);
      default ->
          throw new IllegalArgumentException(
              "mode: start N reps | ab N reps | train N AOT_FILE | run reps");
    }
  }

  // --- start --------------------------------------------------------------------------------

  private static void start(int drills, int reps) throws Exception {
    List<double[]> base = new ArrayList<>();
    List<double[]> full = new ArrayList<>();
    for (int rep = 0; rep < reps; rep++) {
      for (int n : new int[] {0, drills}) {
        double[] r = startOnce(n);
        (n == 0 ? base : full).add(r);
        System.out.printf(
            "rep %d, %4d drills: ready %.2f s (CPU until then: operator %.2f s, harness %.2f s),"
                + " all valid %.2f s, RSS %.0f MB (peak %.0f MB), load %s%n",
            rep, n, r[0], r[5], r[6], r[1], r[2], r[3], load());
      }
    }
    System.out.printf(
        "median of %d: 0 drills ready %.2f s, RSS %.0f MB; %d drills ready %.2f s, all valid %.2f s,"
            + " RSS %.0f MB (peak %.0f MB)%n",
        reps,
        median(base, 0),
        median(base, 2),
        drills,
        median(full, 0),
        median(full, 1),
        median(full, 2),
        median(full, 3));
  }

  /** ready seconds, all-valid seconds, RSS MB, peak RSS MB. */
  private static double[] startOnce(int drills) throws Exception {
    return startOnce(drills, extraFlags());
  }

  /**
   * One start of the operator with {@code drills} Drills in a fresh mock API server and {@code
   * flags} added to the image's: ready seconds, all-valid seconds, RSS MB, peak RSS MB, and the CPU
   * seconds (user + system) the operator had used when every Drill was valid.
   */
  static double[] startOnce(int drills, List<String> flags) throws Exception {
    KubernetesMockServer server = mockServer();
    try (KubernetesClient client = server.createClient()) {
      namespace(client, "shop", true);
      namespace(client, OPERATOR_NS, false);
      var spec = spec(libraryDrill());
      for (int i = 0; i < drills; i++) {
        Drill d = new Drill();
        d.setMetadata(new ObjectMetaBuilder().withName("drill-" + i).withNamespace("shop").build());
        d.setSpec(spec);
        client.resource(d).create();
      }
      quiesce(client);
      int port = freePort();
      long began = System.nanoTime();
      long harnessCpu = harnessCpuNanos();
      Path log = Files.createTempFile("firedrill-operator", ".log");
      Process operator = operator(server, port, log, flags);
      try {
        waitFor(() -> ready(port), 300);
        double ready = (System.nanoTime() - began) / 1e9;
        // Who used the two cores until ready: the operator, and this JVM (the mock API server
        // answering the informers' lists and watches, and the readiness polls).
        double operatorCpuAtReady = cpuSeconds(operator.pid());
        double harnessCpuAtReady = (harnessCpuNanos() - harnessCpu) / 1e9;
        // Every 200 ms, not 10: each poll lists every Drill, which the mock server (on the same
        // two cores) serializes and this JVM parses.
        waitFor(
            () ->
                client.resources(Drill.class).inNamespace("shop").list().getItems().stream()
                        .filter(d -> d.getStatus() != null && !d.getStatus().conditions().isEmpty())
                        .count()
                    == drills,
            600,
            200);
        double valid = (System.nanoTime() - began) / 1e9;
        long[] rss = rss(operator.pid());
        double cpu = cpuSeconds(operator.pid());
        return new double[] {
          ready, valid, rss[0] / 1024.0, rss[1] / 1024.0, cpu, operatorCpuAtReady, harnessCpuAtReady
        };
      } finally {
        operator.destroy();
        operator.waitFor();
      }
    } finally {
      server.destroy();
    }
  }

  // --- runs ---------------------------------------------------------------------------------

  private static void runs(int reps) throws Exception {
    KubernetesMockServer server = mockServer();
    Path tmp = Files.createTempDirectory("firedrill-bench-operator");
    try (KubernetesClient client = server.createClient();
        ToxiproxyServer toxiproxy = ToxiproxyServer.start("127.0.0.1", 0)) {
      namespace(client, "shop", true);
      namespace(client, OPERATOR_NS, false);
      int port = freePort();
      Process operator = operator(server, port, tmp.resolve("operator.log"), extraFlags());
      try (TestingKubelet kubelet = new TestingKubelet(client, OPERATOR_NS, CLI, tmp)) {
        waitFor(() -> ready(port), 120);
        List<Double> firstOp = new ArrayList<>();
        List<Double> killSwitch = new ArrayList<>();
        List<Double> runnerDeath = new ArrayList<>();
        for (int rep = 0; rep < reps; rep++) {
          for (String how : List.of("kill-switch", "runner-death")) {
            double[] r = oneRun(client, toxiproxy, kubelet, how + "-" + rep, how);
            firstOp.add(r[0]);
            (how.equals("kill-switch") ? killSwitch : runnerDeath).add(r[1]);
            System.out.printf(
                "rep %d %-12s: creation to first operation %.0f ms, heal %.0f ms, load %s%n",
                rep, how, r[0], r[1], load());
          }
        }
        System.out.printf(
            "median of %d: creation to first operation %.0f ms; heal after kill switch %.0f ms;"
                + " heal after runner death %.0f ms%n",
            firstOp.size(), med(firstOp), med(killSwitch), med(runnerDeath));
      } finally {
        operator.destroy();
        operator.waitFor();
      }
    } finally {
      server.destroy();
    }
  }

  /** ms from creation to first operation, ms from the trigger to the partition healed. */
  private static double[] oneRun(
      KubernetesClient client,
      ToxiproxyServer toxiproxy,
      TestingKubelet kubelet,
      String name,
      String how)
      throws Exception {
    AtomicLong firstRequest = new AtomicLong();
    HttpServer sut =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    sut.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    sut.createContext(
        "/",
        ex -> {
          firstRequest.compareAndSet(0, System.nanoTime());
          byte[] body = "{\"ids\":[]}".getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    sut.start();
    try {
      int listen = freePort();
      String proxy = "p-" + name;
      Drill d = new Drill();
      d.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("shop").build());
      d.setSpec(
          spec(
              """
              target: {namespace: shop, selector: {app: orders}}
              toxiproxy:
                url: http://127.0.0.1:%d
                proxies: [{name: %s, listen: "127.0.0.1:%d", upstream: "127.0.0.1:%d"}]
              workload:
                type: set
                baseUrl: http://127.0.0.1:%d
                rate: 20
                duration: 90s
                timeout: 500ms
                operations: {add: {method: POST, path: /set, json: '{{value}}'}, read: {path: /set, extract: /ids}}
              faults: [{name: cut, at: 1s, duration: 60s, partition: {proxies: [%s]}}]
              invariants: [{type: noLostWrites}]
              """
                  .formatted(
                      toxiproxy.apiPort(),
                      proxy,
                      listen,
                      sut.getAddress().getPort(),
                      listen,
                      proxy)));
      client.resource(d).create();
      DrillRun run = new DrillRun();
      run.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("shop").build());
      run.setSpec(DrillRunSpec.of(name, DrillRunSpec.Trigger.CI));
      long created = System.nanoTime();
      client.resource(run).create();
      waitFor(() -> firstRequest.get() != 0, 120);
      double toFirst = (firstRequest.get() - created) / 1e6;
      waitFor(() -> injected(client, name), 120);
      ToxiproxyClient tp = new ToxiproxyClient("127.0.0.1", toxiproxy.apiPort());
      long trigger = System.nanoTime();
      if (how.equals("kill-switch")) {
        client
            .resource(
                new ConfigMapBuilder()
                    .withNewMetadata()
                    .withName("firedrill-kill-switch")
                    .withNamespace(OPERATOR_NS)
                    .endMetadata()
                    .addToData("engaged", "true")
                    .build())
            .createOr(existing -> existing.update());
      } else {
        kubelet.killRunnerOf(name);
      }
      waitFor(() -> enabled(tp, proxy), 60);
      double heal = (System.nanoTime() - trigger) / 1e6;
      client.configMaps().inNamespace(OPERATOR_NS).withName("firedrill-kill-switch").delete();
      waitFor(
          () -> {
            DrillRun r = client.resources(DrillRun.class).inNamespace("shop").withName(name).get();
            return r.getStatus() != null && r.getStatus().terminal();
          },
          60);
      return new double[] {toFirst, heal};
    } finally {
      sut.stop(0);
    }
  }

  private static boolean injected(KubernetesClient client, String name) {
    DrillRun r = client.resources(DrillRun.class).inNamespace("shop").withName(name).get();
    DrillRunStatus s = r == null ? null : r.getStatus();
    return s != null && s.faults().stream().anyMatch(e -> e.state() == LedgerEntry.State.INJECTED);
  }

  private static boolean enabled(ToxiproxyClient client, String proxy) {
    try {
      return client.getProxy(proxy).isEnabled();
    } catch (IOException e) {
      return false;
    }
  }

  // --- helpers ------------------------------------------------------------------------------

  private static boolean trainedIsCurrent() {
    try {
      return Files.exists(TRAINED)
          && Files.exists(AOT_CACHE)
          && Files.getLastModifiedTime(AOT_CACHE).compareTo(Files.getLastModifiedTime(PACKAGED))
              >= 0;
    } catch (IOException e) {
      return false; // no packaged app: main says so
    }
  }

  private static KubernetesMockServer mockServer() {
    // CRUD for everything, plus the expectation below: the mixed dispatcher answers from the
    // expectations first (a plain CRUD dispatcher never reads them).
    var responses =
        new HashMap<
            io.fabric8.mockwebserver.ServerRequest,
            java.util.Queue<io.fabric8.mockwebserver.ServerResponse>>();
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            responses,
            new io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher(responses),
            false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    // Leader election (the prod profile) asks the API server what it may do with Leases; the CRUD
    // mock does not evaluate RBAC, so it answers as the chart's Role would.
    LeaseRulesReview.answer(server.expect());
    return server;
  }

  /** The flags of {@code -Dbench.operator.jvm}, split on white space. */
  static List<String> extraFlags() {
    return flags(System.getProperty("bench.operator.jvm", ""));
  }

  static List<String> flags(String text) {
    String t = text.strip();
    return t.isEmpty() ? List.of() : List.of(t.split("\\s+"));
  }

  private static Process operator(
      KubernetesMockServer server, int port, Path log, List<String> flags) throws IOException {
    String java = System.getProperty("bench.operator.java", "").strip();
    if (java.isEmpty()) {
      java = ProcessHandle.current().info().command().orElse("java");
    }
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(IMAGE_FLAGS);
    if (OPERATOR == TRAINED) {
      // The entrypoint's -XX:AOTCache (a variant turns it off with -XX:AOTMode=off).
      command.add("-XX:AOTCache=" + AOT_CACHE);
    }
    command.addAll(flags);
    if (!flags.contains("-jar")) { // a variant may bring its own app: "-jar /other/quarkus-run.jar"
      command.addAll(List.of("-jar", OPERATOR.toString()));
    }
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    var env = pb.environment();
    env.put("QUARKUS_KUBERNETES_CLIENT_API_SERVER_URL", server.url("/"));
    env.put("QUARKUS_KUBERNETES_CLIENT_TRUST_CERTS", "true");
    env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
    env.put("FIREDRILL_OPERATOR_NAMESPACE", OPERATOR_NS);
    return pb.start();
  }

  /**
   * One client for every readiness poll: a new {@code HttpClient} per poll (each with its selector
   * thread), every 10 ms, took up to a CPU second of the two cores while the operator started.
   */
  private static final HttpClient POLL = HttpClient.newHttpClient();

  private static boolean ready(int port) {
    try {
      return POLL.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                      .build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void namespace(KubernetesClient client, String name, boolean enabled) {
    var ns = new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build();
    if (enabled) {
      ns.getMetadata().getLabels().put("firedrill.dev/drills", "enabled");
    }
    client.resource(ns).createOr(existing -> existing.update());
  }

  private static String libraryDrill() throws IOException {
    return Files.readString(Path.of("drills", "weekly-pod-kill.yaml"));
  }

  private static dev.firedrill.engine.model.DrillSpec spec(String yaml) {
    LoadResult loaded = new DrillLoader().load("bench.yaml", yaml);
    if (!loaded.valid()) {
      throw new IllegalStateException(loaded.problems().toString());
    }
    return loaded.drills().getFirst().spec();
  }

  /** Polls every 10 ms until the condition holds, or fails after {@code seconds}. */
  private static void waitFor(BooleanSupplier condition, int seconds) throws InterruptedException {
    waitFor(condition, seconds, 10);
  }

  private static void waitFor(BooleanSupplier condition, int seconds, long pollMillis)
      throws InterruptedException {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out after " + seconds + " s");
      }
      Thread.sleep(pollMillis);
    }
  }

  /** VmRSS and VmHWM of a process, in KiB. */
  private static long[] rss(long pid) throws IOException {
    long rss = 0;
    long hwm = 0;
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        rss = Long.parseLong(line.replaceAll("\\D+", ""));
      } else if (line.startsWith("VmHWM:")) {
        hwm = Long.parseLong(line.replaceAll("\\D+", ""));
      }
    }
    return new long[] {rss, hwm};
  }

  /** utime + stime of a process (fields 14 and 15 of /proc/PID/stat), in seconds. */
  /**
   * Before the operator starts: the mock API server answers one list of every Drill (so its list
   * path is compiled, as a real API server's is), then this JVM's own collections and compilations
   * die down (under 5% of a core over 200 ms, at most 30 s). Without it, the harness took 0.3-1.7
   * CPU seconds of the two cores while the operator started (2026-12-01, 22:05 UTC).
   */
  private static void quiesce(KubernetesClient client) throws InterruptedException {
    client.resources(Drill.class).inAnyNamespace().list();
    System.gc();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      long cpu = harnessCpuNanos();
      long wall = System.nanoTime();
      Thread.sleep(200);
      if (harnessCpuNanos() - cpu < (System.nanoTime() - wall) / 20) {
        return;
      }
    }
  }

  private static long harnessCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static double cpuSeconds(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    // The command (field 2) is in parentheses and may hold spaces: count from after it.
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // USER_HZ is 100 on Linux
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static double median(List<double[]> rows, int column) {
    double[] v = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
    return v.length == 0 ? Double.NaN : v[v.length / 2];
  }

  private static double med(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return v.length == 0 ? Double.NaN : v[v.length / 2];
  }

  static String load() {
    try {
      return String.join(
          " ", Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).split(" "), 3));
    } catch (IOException e) {
      return "?";
    }
  }
}
