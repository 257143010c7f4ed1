package dev.firedrill.cluster.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.firedrill.check.checker.Anomaly;
import dev.firedrill.check.history.Op;
import dev.firedrill.cluster.fault.ServiceInterception;
import dev.firedrill.cluster.fault.pod.PodSelector;
import dev.firedrill.engine.fault.LedgerEntry;
import dev.firedrill.engine.model.Verdict;
import dev.firedrill.engine.run.Engine;
import dev.firedrill.engine.run.RunRequest;
import dev.firedrill.engine.run.RunResult;
import dev.firedrill.engine.validate.DrillLoader;
import dev.firedrill.engine.validate.LoadResult;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster run's report shows the target pods' log lines of each anomaly's trace id. The API is
 * Fabric8's mock server in CRUD mode (pods, Services) with the pods' {@code log} subresource, which
 * CRUD mode does not serve, answered as the kubelet does (timestamped lines) from what two "pods"
 * of a real HTTP service on loopback logged: orders acknowledges every write and logs it in plain
 * text, its warehouse drops every third one and logs that in JSON.
 */
class PodLogsIT {

  private static final Instant WINDOW = Instant.parse("2026-12-01T10:00:00.750Z");

  @TempDir Path dir;

  private final Map<String, List<String>> podLogs = new ConcurrentHashMap<>();
  private final List<String> logRequests = new CopyOnWriteArrayList<>();
  private KubernetesMockServer server;
  private KubernetesClient client;
  private HttpServer shop;

  @BeforeEach
  void start() throws IOException {
    KubernetesCrudDispatcher crud =
        new KubernetesCrudDispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            String path = request.getPath();
            if (path.matches("/api/v1/namespaces/[^/]+/pods/[^/?]+/log(\\?.*)?")) {
              logRequests.add(URLDecoder.decode(path, StandardCharsets.UTF_8));
              String pod = path.replaceAll(".*/pods/([^/?]+)/log.*", "$1");
              List<String> lines = podLogs.get(pod);
              return lines == null
                  ? new MockResponse().setResponseCode(404)
                  : new MockResponse().setResponseCode(200).setBody(String.join("", lines));
            }
            return super.dispatch(request);
          }
        };
    server =
        new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), crud, false);
    server.init();
    client = server.createClient();
    startShop();
  }

  @AfterEach
  void stop() {
    shop.stop(0);
    client.close();
    server.destroy();
  }

  @Test
  void aLostWriteShowsTheLogLinesOfBothPodsOfItsTraceId() throws Exception {
    pod("orders-7f9c-abcde", Map.of("tier", "shop", "app", "orders"));
    pod("warehouse-5d4b-xyz12", Map.of("tier", "shop", "app", "warehouse"));
    pod("other-1", Map.of("app", "other"));
    podLogs.put("other-1", List.of(line("other pod, never read")));
    Path file = dir.resolve("drill.yaml");
    Files.writeString(
        file,
        """
        description: writes acknowledged by orders, dropped by the warehouse
        target: {namespace: shop, selector: {tier: shop}}
        workload:
          type: set
          baseUrl: http://127.0.0.1:%d
          rate: 10
          duration: 2s
          operations:
            add: {method: POST, path: /set, json: '{{value}}'}
            read: {path: /set, extract: /ids}
        invariants: [{type: noLostWrites}]
        recovery: 200ms
        """
            .formatted(shop.getAddress().getPort()));
    LoadResult loaded = new DrillLoader().loadFile(file);
    assertThat(loaded.problems()).isEmpty();
    List<String> progress = new CopyOnWriteArrayList<>();

    RunResult run =
        Engine.run(
            RunRequest.of(loaded.drills().getFirst(), dir.resolve("run"))
                .withSeed(3L)
                .withSetups(
                    List.of(new PodLogsSetup(client, null, InstantSource.fixed(WINDOW), List.of())))
                .withListener(
                    new dev.firedrill.engine.run.RunListener() {
                      @Override
                      public void progress(String line) {
                        progress.add(line);
                      }
                    }));

    assertThat(run.verdict()).as(run.message()).isEqualTo(Verdict.FAIL);
    assertThat(progress).contains("logs: 2 pod log(s) since " + WINDOW);
    assertThat(logRequests)
        .hasSize(2)
        .allSatisfy(r ->
            assertThat(r)
                .contains("sinceTime=2026-12-01T10:00:00Z")
                .contains("timestamps=true")
                .contains("container=app")
                .contains("limitBytes=" + PodLogs.MAX_BYTES));
    assertThat(dir.resolve("run/logs/other-1.log")).doesNotExist();

    Anomaly lost =
        run.invariants().getFirst().result().allAnomalies().stream()
            .filter(a -> a.kind().equals("lost"))
            .findFirst()
            .orElseThrow();
    String trace =
        lost.ops().stream().map(Op::traceId).filter(t -> t != null).findFirst().orElseThrow();
    String element = String.valueOf(lost.details().get("element"));
    String html = Files.readString(dir.resolve("run/report.html"));
    String logs = html.substring(html.indexOf("<h2 id=\"logs\">"));
    assertThat(rows(logs, "orders-7f9c-abcde"))
        .anySatisfy(r ->
            assertThat(r)
                .contains("orders accepted " + element + " trace_id=" + trace)
                .contains("<td class=\"time\">2026-"));
    assertThat(rows(logs, "warehouse-5d4b-xyz12"))
        .anySatisfy(r ->
            assertThat(r)
                .contains("&quot;msg&quot;:&quot;dropped " + element)
                .contains("&quot;trace_id&quot;:&quot;" + trace));
  }

  @Test
  void anInterceptedServicesPodsAreThoseOfTheSelectorItsInterceptionRecorded() {
    List<LedgerEntry> ledger =
        List.of(
            interception("orders", "{\"app\":\"orders\",\"tier\":\"web\"}"),
            LedgerEntry.planned(
                "cut#1",
                "partition",
                "toxiproxy",
                "to-payments",
                Map.of("service", "payments"),
                null),
            interception("payments", "{\"app\":\"payments\"}"),
            interception("inventory", "{\"app\":\"inventory\"}"));
    LoadResult loaded =
        new DrillLoader()
            .load(
                "d.yaml",
                """
                description: intercepted Services
                target: {namespace: shop, selector: {app: orders}}
                toxiproxy:
                  proxies:
                    - {name: to-orders, service: orders}
                    - {name: to-payments, service: payments}
                workload:
                  type: set
                  baseUrl: http://orders.shop:8080
                  duration: 10s
                  operations:
                    add: {method: POST, path: /set, json: '{{value}}'}
                    read: {path: /set, extract: /ids}
                faults:
                  - {name: cut, at: 1s, duration: 1s, partition: {proxies: [to-payments]}}
                invariants: [{type: noLostWrites}]
                """);
    assertThat(loaded.problems()).isEmpty();
    var spec = loaded.drills().getFirst().spec();
    List<String> warnings = new ArrayList<>();

    List<PodSelector> selectors = new PodLogs(client, null).selectors(spec, ledger, warnings::add);

    assertThat(selectors)
        .containsExactly(
            new PodSelector("shop", Map.of("app", "orders"), List.of()),
            new PodSelector("shop", Map.of("app", "orders", "tier", "web"), List.of()),
            new PodSelector("shop", Map.of("app", "payments"), List.of()));
    assertThat(warnings).isEmpty();

    List<PodSelector> without = new PodLogs(client, null).selectors(spec, List.of(), warnings::add);
    assertThat(without)
        .containsExactly(new PodSelector("shop", Map.of("app", "orders"), List.of()));
    assertThat(warnings)
        .containsExactly(
            "no interception of Service shop/orders in the run's ledger; the logs of its pods are"
                + " not read",
            "no interception of Service shop/payments in the run's ledger; the logs of its pods"
                + " are not read");
  }

  /** The operator's ledger entry of a Service interception (only what the undo says matters). */
  private static LedgerEntry interception(String service, String selectorJson) {
    return LedgerEntry.planned(
        "intercept-" + service,
        "intercept",
        ServiceInterception.KIND,
        "shop/" + service,
        Map.of("namespace", "shop", "service", service, "selector", selectorJson, "ports", "[]"),
        null);
  }

  /** Orders acknowledges every add; its warehouse keeps two of three. Both log as pods do. */
  private void startShop() throws IOException {
    shop = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    shop.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    List<String> kept = new CopyOnWriteArrayList<>();
    AtomicInteger adds = new AtomicInteger();
    shop.createContext(
        "/set",
        ex -> {
          String trace = traceId(ex);
          byte[] body;
          if ("POST".equals(ex.getRequestMethod())) {
            String element = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            log("orders-7f9c-abcde", "INFO orders accepted " + element + " trace_id=" + trace);
            if (adds.incrementAndGet() % 3 == 0) {
              log(
                  "warehouse-5d4b-xyz12",
                  "{\"level\":\"warn\",\"msg\":\"dropped "
                      + element
                      + "\",\"trace_id\":\""
                      + trace
                      + "\"}");
            } else {
              kept.add(element);
              log(
                  "warehouse-5d4b-xyz12",
                  "{\"level\":\"info\",\"msg\":\"stored "
                      + element
                      + "\",\"trace_id\":\""
                      + trace
                      + "\"}");
            }
            body = "{}".getBytes(StandardCharsets.UTF_8);
          } else {
            body =
                ("{\"ids\":["
                        + String.join(",", kept.stream().map(e -> "\"" + e + "\"").toList())
                        + "]}")
                    .getBytes(StandardCharsets.UTF_8);
          }
          ex.getResponseHeaders().add("Content-Type", "application/json");
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    shop.start();
  }

  private static String traceId(HttpExchange ex) {
    String tp = ex.getRequestHeaders().getFirst("traceparent");
    return tp == null ? "-" : tp.split("-")[1];
  }

  private void log(String pod, String text) {
    podLogs.computeIfAbsent(pod, p -> new CopyOnWriteArrayList<>()).add(line(text));
  }

  /** A line as the kubelet serves it with {@code timestamps=true}. */
  private static String line(String text) {
    return Instant.now() + " " + text + "\n";
  }

  private void pod(String name, Map<String, String> labels) {
    client
        .pods()
        .inNamespace("shop")
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace("shop")
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("app")
                .withImage("shop:1")
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .endStatus()
                .build())
        .create();
  }

  /** The rows of the log tables for one pod. */
  private static List<String> rows(String html, String pod) {
    return java.util.regex.Pattern.compile(
            "<tr(?: class=\"context\")?><td>" + pod + "</td>.*?</tr>")
        .matcher(html)
        .results()
        .map(r -> r.group())
        .toList();
  }
}
