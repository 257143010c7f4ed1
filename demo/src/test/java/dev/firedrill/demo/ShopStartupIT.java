package dev.firedrill.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every service starts from the packaged jar the way the engine starts it, answers {@code GET
 * /health}, and reports the bugs switched on through {@code FIREDRILL_DEMO_BUGS}.
 */
class ShopStartupIT {
  private static final List<String> SERVICES =
      List.of("orders", "payments", "inventory", "notifications", "history", "warehouse");

  private final TestingShop shop = new TestingShop();

  @AfterEach
  void stopAll() throws Exception {
    shop.close();
  }

  @Test
  void everyServiceStartsFromTheJarAndReportsItsBugs() throws Exception {
    String jar = packagedJar().toString();
    for (String service : SERVICES) {
      ShopProcess process = shop.keep(ShopProcess.startWith(jar, "oversell,no-timeout", service));
      ShopHttp.Reply health = ShopHttp.get(process.url(), "/health");

      assertThat(health.status()).isEqualTo(200);
      assertThat(health.json().get("service").asText()).isEqualTo(service);
      assertThat(bugs(health.json())).containsExactly("no-timeout", "oversell");
      // Generous for a loaded 2-core machine; an idle one starts each in about 0.3 s.
      assertThat(process.startup()).isLessThan(Duration.ofSeconds(3));
      System.out.printf("%s ready in %d ms%n", service, process.startup().toMillis());
    }
  }

  /**
   * {@code --host 0.0.0.0} (how a pod runs the shop) answers on every address of the machine: here
   * 127.0.0.2, which the default bind to 127.0.0.1 refuses. Both are loopback, so no traffic leaves
   * the machine, but only a bind beyond 127.0.0.1 answers the second.
   */
  @Test
  void hostZeroAnswersOnOtherAddressesAndTheDefaultOnlyOn127001() throws Exception {
    String jar = packagedJar().toString();
    ShopProcess wildcard =
        shop.keep(ShopProcess.startWith(jar, null, "payments", "--host", "0.0.0.0"));
    ShopProcess loopback = shop.keep(ShopProcess.startWith(jar, null, "payments"));

    assertThat(wildcard.url().getHost()).isEqualTo("0.0.0.0");
    assertThat(loopback.url().getHost()).isEqualTo("127.0.0.1");
    URI other = URI.create("http://127.0.0.2:" + wildcard.url().getPort());
    ShopHttp.Reply health = ShopHttp.get(other, "/health");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().get("service").asText()).isEqualTo("payments");
    URI refused = URI.create("http://127.0.0.2:" + loopback.url().getPort());
    assertThatThrownBy(() -> ShopHttp.get(refused, "/health")).isInstanceOf(ConnectException.class);
    assertThat(ShopHttp.get(loopback.url(), "/health").status()).isEqualTo(200);
  }

  @Test
  void aHostThisMachineDoesNotHaveExitsWithStatusOne() throws Exception {
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                ShopProcess.classpath(),
                ShopMain.class.getName(),
                "payments",
                "--host",
                "no-such-host.invalid",
                "--port",
                "0")
            .redirectErrorStream(true)
            .start();
    try {
      String output = new String(process.getInputStream().readAllBytes());
      assertThat(process.waitFor()).isEqualTo(1);
      assertThat(output).contains("cannot listen on no-such-host.invalid:0");
    } finally {
      process.destroyForcibly();
    }
  }

  @Test
  void errorsAreJsonWithTheRightStatus() throws Exception {
    java.net.URI payments = shop.start("payments").url();

    ShopHttp.Reply unknownRoute = ShopHttp.get(payments, "/nope");
    ShopHttp.Reply wrongMethod = ShopHttp.post(payments, "/health", "{}");
    ShopHttp.Reply badJson = ShopHttp.post(payments, "/payments", "{not json");
    ShopHttp.Reply missingFields = ShopHttp.post(payments, "/payments", "{\"amount\": 5}");

    assertThat(unknownRoute.status()).isEqualTo(404);
    assertThat(unknownRoute.json().get("error").asText()).isEqualTo("no route GET /nope");
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(badJson.status()).isEqualTo(400);
    assertThat(badJson.json().get("error").asText()).startsWith("invalid JSON for ChargeRequest");
    assertThat(missingFields.status()).isEqualTo(400);
  }

  @Test
  void anInvalidCommandLineExitsWithStatusTwo() throws Exception {
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                ShopProcess.classpath(),
                ShopMain.class.getName(),
                "payments",
                "--port",
                "0",
                "--bug",
                "no-such-bug")
            .redirectErrorStream(true)
            .start();
    try {
      String output = new String(process.getInputStream().readAllBytes());
      assertThat(process.waitFor()).isEqualTo(2);
      assertThat(output).contains("unknown bug 'no-such-bug'").contains("usage:");
    } finally {
      process.destroyForcibly();
    }
  }

  private static List<String> bugs(JsonNode health) {
    return Stream.of(health.get("bugs"))
        .flatMap(n -> n.valueStream())
        .map(JsonNode::asText)
        .toList();
  }

  /** The shaded jar built by {@code package}, which runs before the integration tests. */
  private static Path packagedJar() throws IOException {
    Path jar = Path.of("target", "firedrill-demo.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IOException("no " + jar + "; run package first");
    }
    return jar;
  }
}
