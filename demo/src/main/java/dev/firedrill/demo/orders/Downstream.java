package dev.firedrill.demo.orders;

import dev.firedrill.demo.ShopJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * JSON POSTs from orders to the services it depends on, over HTTP/1.1. A null timeout means none:
 * the call waits as long as the dependency takes (the {@code no-timeout} bug).
 *
 * <p>The HTTP client is built in the background from construction on: building one costs a few
 * hundred milliseconds (TLS setup), which would otherwise delay either the moment orders is ready
 * or its first call (and make that call time out).
 */
final class Downstream {
  private final CompletableFuture<HttpClient> client;

  /**
   * @param connectTimeout null for none
   */
  Downstream(Duration connectTimeout) {
    this.client = CompletableFuture.supplyAsync(() -> build(connectTimeout));
  }

  private static HttpClient build(Duration connectTimeout) {
    HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1);
    if (connectTimeout != null) {
      builder.connectTimeout(connectTimeout);
    }
    return builder.build();
  }

  /**
   * Posts {@code body} as JSON.
   *
   * @throws java.net.http.HttpTimeoutException when {@code timeout} passed (outcome unknown)
   * @throws IOException when the connection failed or was reset (outcome unknown)
   */
  HttpResponse<byte[]> post(URI url, Object body, Map<String, String> headers, Duration timeout)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(ShopJson.write(body)));
    headers.forEach(request::header);
    if (timeout != null) {
      request.timeout(timeout);
    }
    return client.join().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }
}
