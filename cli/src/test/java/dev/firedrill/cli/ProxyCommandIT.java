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

/** {@code firedrill proxy} serves the API until stopped, then closes its listeners. */
class ProxyCommandIT {

  @Test
  void servesTheApiWithItsConfigUntilStopped(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("proxies.json");
    Files.writeString(
        config, "[{\"name\":\"db\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:1\"}]");
    CommandLine cli = Firedrill.commandLine();
    StringWriter out = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    ProxyCommand command = cli.getSubcommands().get("proxy").getCommand();
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () -> cli.execute("proxy", "--port", "0", "--config", config.toString()));

    Pattern announced = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)");
    await().atMost(Duration.ofSeconds(10)).until(() -> announced.matcher(out.toString()).find());
    Matcher matcher = announced.matcher(out.toString());
    assertThat(matcher.find()).isTrue();
    int port = Integer.parseInt(matcher.group(1));

    HttpResponse<String> proxies = get(port, "/proxies");
    assertThat(proxies.statusCode()).isEqualTo(200);
    assertThat(proxies.body()).contains("\"db\":{\"name\":\"db\"");

    command.stop();
    assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(Firedrill.PASS);
    assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void aTakenPortCannotRun() throws IOException {
    try (var taken = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CommandLine cli = Firedrill.commandLine();
      cli.setErr(new PrintWriter(new StringWriter(), true));
      int code = cli.execute("proxy", "--port", String.valueOf(taken.getLocalPort()));
      assertThat(code).isEqualTo(Firedrill.CANNOT_RUN);
    }
  }

  private static HttpResponse<String> get(int port, String path)
      throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(5))
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
