package dev.firedrill.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A blocking JSON client for the integration tests; every call has a timeout. */
final class ShopHttp {
  /** A status and the parsed JSON body. */
  record Reply(int status, JsonNode json) {}

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private ShopHttp() {}

  static Reply get(URI base, String path) throws IOException, InterruptedException {
    return get(base, path, TIMEOUT);
  }

  static Reply get(URI base, String path, Duration timeout)
      throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).GET().build());
  }

  static Reply post(URI base, String path, String json) throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  private static Reply send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<byte[]> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
    return new Reply(response.statusCode(), ShopJson.mapper().readTree(response.body()));
  }
}
