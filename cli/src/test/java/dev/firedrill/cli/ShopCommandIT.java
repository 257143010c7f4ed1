package dev.firedrill.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code firedrill shop} runs a demo shop service the way a pod runs it (e2e/kind/shop/): from the
 * packaged CLI jar, bound beyond 127.0.0.1 with {@code --host 0.0.0.0}, with the bugs of {@code
 * FIREDRILL_DEMO_BUGS}, until SIGTERM. "Beyond 127.0.0.1" is proven on 127.0.0.2, which a bind to
 * 127.0.0.1 refuses: loopback, so no traffic leaves the machine.
 */
class ShopCommandIT {
  private static final Pattern READY = Pattern.compile("READY (\\w+) http://([^:]+):(\\d+)");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /**
   * A thread per task: a running shop blocks its thread until stopped, and the common pool (one
   * thread on a 2-core machine) is what the shop itself uses to build its HTTP client.
   */
  private static final ExecutorService THREADS = Executors.newVirtualThreadPerTaskExecutor();

  private final List<Running> running = new ArrayList<>();

  @AfterEach
  void stopAll() throws Exception {
    for (Running r : running) {
      r.stop();
    }
  }

  @Test
  void thePackagedCliServesAShopServiceOnAWildcardBindWithTheBugsOfItsEnvironment()
      throws Exception {
    Path jar = Path.of("target", "firedrill-cli.jar");
    assertThat(jar).as("the shaded CLI that package builds before the ITs").isRegularFile();
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString(),
                "shop",
                "payments",
                "--host",
                "0.0.0.0",
                "--port",
                "0")
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("FIREDRILL_DEMO_BUGS", "duplicate-payments");
    Process process = builder.start();
    try {
      BufferedReader stdout =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String line = CompletableFuture.supplyAsync(() -> readLine(stdout)).get(30, TimeUnit.SECONDS);
      Matcher ready = READY.matcher(String.valueOf(line));
      assertThat(ready.matches()).as("ready line: %s", line).isTrue();
      assertThat(ready.group(1)).isEqualTo("payments");
      assertThat(ready.group(2)).isEqualTo("0.0.0.0");
      int port = Integer.parseInt(ready.group(3));

      JsonNode health = health("127.0.0.2", port);
      assertThat(health.path("service").asText()).isEqualTo("payments");
      assertThat(health.path("bugs").toString()).isEqualTo("[\"duplicate-payments\"]");

      process.destroy(); // SIGTERM, as the kubelet stops a pod
      assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("exits on SIGTERM").isTrue();
      assertThatThrownBy(() -> health("127.0.0.1", port)).isInstanceOf(ConnectException.class);
    } finally {
      process.destroyForcibly();
    }
  }

  @Test
  void byDefaultItListensOn127001Only() throws Exception {
    Running payments = start("payments", "--port", "0");

    assertThat(payments.host).isEqualTo("127.0.0.1");
    assertThat(health("127.0.0.1", payments.port).path("service").asText()).isEqualTo("payments");
    assertThatThrownBy(() -> health("127.0.0.2", payments.port))
        .isInstanceOf(ConnectException.class);
    assertThat(payments.stop()).isEqualTo(Firedrill.PASS);
  }

  @Test
  void ordersReachesPaymentsAtTheUrlGivenAndBugFlagsAddToTheEnvironment() throws Exception {
    Running payments = start("payments", "--port", "0");
    Running orders =
        start(
            "orders",
            "--port",
            "0",
            "--payments-url",
            "http://127.0.0.1:" + payments.port,
            "--bug",
            "no-timeout");

    HttpResponse<String> placed =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + orders.port + "/orders"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"orderId\": \"o-1\", \"item\": \"widget\", \"quantity\": 1}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
    assertThat(placed.body()).contains("\"status\":\"PAID\"");
    JsonNode ledger = get("127.0.0.1", payments.port, "/payments");
    assertThat(ledger.path("count").asInt()).isEqualTo(1);
    assertThat(ledger.path("payments").get(0).path("orderId").asText()).isEqualTo("o-1");
    assertThat(health("127.0.0.1", orders.port).path("bugs").toString())
        .isEqualTo("[\"no-timeout\",\"oversell\"]");
  }

  @Test
  void badInputIsOneLineNamingTheProblemAndExitsTwo() throws IOException {
    assertOneLineExit2(
        "firedrill shop: unknown service 'shipping'; one of orders, payments, inventory,"
            + " notifications, history, warehouse (see: firedrill shop --help)",
        "shop",
        "shipping");
    assertOneLineExit2(
        "firedrill shop: unknown bug 'slow'; known bugs: duplicate-payments, out-of-order,"
            + " no-timeout, projection-drops, oversell, phantom-writes, clock-order (see: firedrill"
            + " shop --help)",
        "shop",
        "payments",
        "--bug",
        "slow");
    assertOneLineExit2(
        "firedrill shop: --port must be 0..65535, was 70000 (see: firedrill shop --help)",
        "shop",
        "payments",
        "--port",
        "70000");
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CliRun run = CliRun.of("shop", "payments", "--port", String.valueOf(taken.getLocalPort()));
      assertThat(run.exitCode()).isEqualTo(Firedrill.CANNOT_RUN);
      assertThat(run.err().lines())
          .singleElement()
          .asString()
          .startsWith("firedrill shop: cannot listen on 127.0.0.1:" + taken.getLocalPort())
          .endsWith("(fix: another --port, or --host with an address of this machine)");
    }
  }

  private static void assertOneLineExit2(String line, String... args) {
    CliRun run = CliRun.of(args);
    assertThat(run.exitCode()).isEqualTo(Firedrill.CANNOT_RUN);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo(line + System.lineSeparator());
  }

  private static JsonNode health(String host, int port) throws Exception {
    return get(host, port, "/health");
  }

  private static JsonNode get(String host, int port, String path) throws Exception {
    HttpResponse<String> reply =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(reply.statusCode()).isEqualTo(200);
    return JSON.readTree(reply.body());
  }

  private static String readLine(BufferedReader reader) {
    try {
      return reader.readLine();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code firedrill shop ...} in this JVM on another thread, with a fixed bug environment. */
  private Running start(String... args) {
    CommandLine cli = Firedrill.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    ShopCommand command = cli.getSubcommands().get("shop").getCommand();
    command.environment = name -> "FIREDRILL_DEMO_BUGS".equals(name) ? "oversell" : null;
    List<String> argv = new ArrayList<>(List.of("shop"));
    argv.addAll(List.of(args));
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(() -> cli.execute(argv.toArray(String[]::new)), THREADS);
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> READY.matcher(out.toString()).find() || exit.isDone());
    Matcher ready = READY.matcher(out.toString());
    assertThat(ready.find()).as("ready; stderr: %s", err).isTrue();
    Running r = new Running(command, exit, ready.group(2), Integer.parseInt(ready.group(3)));
    running.add(r);
    return r;
  }

  private record Running(
      ShopCommand command, CompletableFuture<Integer> exit, String host, int port) {
    int stop() throws Exception {
      command.stop();
      return exit.get(10, TimeUnit.SECONDS);
    }
  }
}
