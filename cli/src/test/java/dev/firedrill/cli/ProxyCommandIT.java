package dev.firedrill.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code firedrill proxy} serves the API until stopped, then closes its listeners; options that
 * cannot work end with one line naming the option and the fix, and exit 2.
 */
class ProxyCommandIT {
  private static final Pattern ANNOUNCED = Pattern.compile("http://[0-9.]+:(\\d+)");

  @Test
  void servesTheApiWithItsConfigUntilStopped(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("proxies.json");
    Files.writeString(
        config, "[{\"name\":\"db\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:1\"}]");
    Running proxy = Running.start("proxy", "--port", "0", "--config", config.toString());

    HttpResponse<String> proxies = get(proxy.port, "/proxies", null);
    assertThat(proxies.statusCode()).isEqualTo(200);
    assertThat(proxies.body()).contains("\"db\":{\"name\":\"db\"");
    assertThat(proxy.err.toString()).isEmpty(); // loopback: no warning

    assertThat(proxy.stop()).isEqualTo(Firedrill.PASS);
    assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), proxy.port).close())
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void withATokenTheApiAnswersOnlyRequestsCarryingIt() throws Exception {
    Running proxy = Running.start("proxy", "--port", "0", "--token", "s3cret");
    assertThat(get(proxy.port, "/version", null).statusCode()).isEqualTo(401);
    assertThat(get(proxy.port, "/version", "Bearer nope").statusCode()).isEqualTo(401);
    assertThat(get(proxy.port, "/version", "Bearer s3cret").statusCode()).isEqualTo(200);
    assertThat(proxy.stop()).isEqualTo(Firedrill.PASS);
  }

  @Test
  void reachableFromOtherMachinesWithoutATokenItWarns() throws Exception {
    Running proxy = Running.start("proxy", "--host", "0.0.0.0", "--port", "0");
    assertThat(proxy.err.toString())
        .startsWith("firedrill proxy: warning: the API on 0.0.0.0 is reachable from other machines")
        .contains("set --token or FIREDRILL_PROXY_TOKEN");
    assertThat(proxy.stop()).isEqualTo(Firedrill.PASS);
  }

  @Test
  void aPortOutOfRangeIsOneLineNamingTheOption() {
    assertOneLineExit2(
        "firedrill proxy: --port 70000 is not a port: give one from 1 to 65535, or 0 for a free one",
        "proxy",
        "--port",
        "70000");
    assertOneLineExit2(
        "firedrill proxy: --port -1 is not a port: give one from 1 to 65535, or 0 for a free one",
        "proxy",
        "--port=-1");
  }

  @Test
  void anAddressThisMachineDoesNotHaveIsReportedAsSuch() {
    // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): documentation only, never a local address.
    assertOneLineExit2(
        "firedrill proxy: cannot listen on 192.0.2.1:0: this machine has no such address (--host):"
            + " give one of its own addresses, e.g. 127.0.0.1, or 0.0.0.0 for all of them",
        "proxy",
        "--host",
        "192.0.2.1",
        "--port",
        "0");
  }

  @Test
  void aTakenPortIsReportedAsTaken() throws IOException {
    try (var taken = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      assertOneLineExit2(
          "firedrill proxy: cannot listen on 127.0.0.1:"
              + port
              + ": the port is taken (--port): stop what listens there, or give another port"
              + " (0 picks a free one)",
          "proxy",
          "--port",
          String.valueOf(port));
    }
  }

  @Test
  void aMissingConfigOrAnEmptyTokenIsRefusedBeforeStarting(@TempDir Path dir) throws IOException {
    Path missing = dir.resolve("nonexistent.json");
    assertOneLineExit2(
        "firedrill proxy: --config "
            + missing
            + ": no such file: give a JSON file with an array of proxies, as POST /populate takes",
        "proxy",
        "--config",
        missing.toString());
    assertOneLineExit2(
        "firedrill proxy: --token (or FIREDRILL_PROXY_TOKEN) is empty: give a secret, or leave both"
            + " unset",
        "proxy",
        "--token",
        "");
    Path config = dir.resolve("bad.json");
    Files.writeString(config, "[{\"name\":\"a/b\",\"upstream\":\"127.0.0.1:1\"}]");
    assertOneLineExit2(
        "firedrill proxy: "
            + config
            + ": invalid proxy name \"a/b\" at proxy 1: a name is a path segment of the API, so it"
            + " cannot contain \"/\" or be \".\" or \"..\"",
        "proxy",
        "--port",
        "0",
        "--config",
        config.toString());
  }

  private static void assertOneLineExit2(String line, String... args) {
    CommandLine cli = Firedrill.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(new StringWriter(), true));
    assertThat(cli.execute(args)).isEqualTo(Firedrill.CANNOT_RUN);
    assertThat(err.toString()).isEqualTo(line + System.lineSeparator());
  }

  private static HttpResponse<String> get(int port, String path, String authorization)
      throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(5));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** {@code firedrill proxy ...} running on another thread until {@link #stop()}. */
  private record Running(
      ProxyCommand command, CompletableFuture<Integer> exit, StringWriter err, int port) {

    static Running start(String... args) {
      CommandLine cli = Firedrill.commandLine();
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      cli.setOut(new PrintWriter(out, true));
      cli.setErr(new PrintWriter(err, true));
      ProxyCommand command = cli.getSubcommands().get("proxy").getCommand();
      CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute(args));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> ANNOUNCED.matcher(out.toString()).find() || exit.isDone());
      Matcher matcher = ANNOUNCED.matcher(out.toString());
      assertThat(matcher.find()).as("announced; stderr: %s", err).isTrue();
      return new Running(command, exit, err, Integer.parseInt(matcher.group(1)));
    }

    int stop() throws Exception {
      command.stop();
      return exit.get(10, TimeUnit.SECONDS);
    }
  }
}
