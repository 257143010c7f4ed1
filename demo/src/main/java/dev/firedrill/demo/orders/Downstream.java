package dev.firedrill.demo.orders;

import dev.firedrill.demo.ShopJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * JSON POSTs from orders to the services it depends on, over HTTP/1.1. A null timeout means none:
 * the call waits as long as the dependency takes (the {@code no-timeout} bug).
 *
 * <p>The HTTP client is built on the first call: building one costs a few hundred milliseconds (TLS
 * setup), which would otherwise delay the moment orders is ready.
 */
final class Downstream {
  private final Duration connectTimeout;
  private HttpClient client;

  /**
   * @param connectTimeout null for none
   */
  Downstream(Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
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
    return client().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private synchronized HttpClient client() {
    if (client == null) {
      HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1);
      if (connectTimeout != null) {
        builder.connectTimeout(connectTimeout);
      }
      client = builder.build();
    }
    return client;
  }
}
