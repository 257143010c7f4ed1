package dev.firedrill.engine.fault.toxiproxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The calls the Java client lacks: {@code PATCH /proxies/{name}} and {@code POST /populate}, on the
 * JDK's HTTP client with a connect and a request timeout.
 */
final class ToxiproxyHttp {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client;
  private final URI base;
  private final Duration timeout;
  private final String token;

  /** {@code token} null: the API asks for none. */
  ToxiproxyHttp(URI base, Duration timeout, String token) {
    this.base = base;
    this.timeout = timeout;
    this.token = token;
    this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /** {@code PATCH /proxies/{name}} with {@code {"enabled": ...}}; 404 is reported as absent. */
  boolean setEnabled(String proxy, boolean enabled) throws ToxiproxyException {
    String path = "/proxies/" + URLEncoder.encode(proxy, StandardCharsets.UTF_8);
    HttpResponse<String> response = send("PATCH", path, "{\"enabled\":" + enabled + "}");
    if (response.statusCode() == 404) {
      return false;
    }
    requireSuccess("PATCH " + path, response);
    return true;
  }

  /** {@code POST /populate}: creates or updates every proxy of the body (a JSON array). */
  void populate(Object proxies) throws ToxiproxyException {
    String body;
    try {
      body = JSON.writeValueAsString(proxies);
    } catch (IOException e) {
      throw new ToxiproxyException("cannot write the proxies as JSON", e);
    }
    requireSuccess("POST /populate", send("POST", "/populate", body));
  }

  private HttpResponse<String> send(String method, String path, String body)
      throws ToxiproxyException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new ToxiproxyException(method + " " + base.resolve(path) + ": " + reason(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ToxiproxyException(method + " " + path + ": interrupted", e);
    }
  }

  /** The JDK's connect errors carry no message ("null"); say what happened and what to check. */
  private static String reason(IOException e) {
    if (e instanceof java.net.ConnectException) {
      String why =
          e.getCause() instanceof java.nio.channels.UnresolvedAddressException
              ? "no such host"
              : e.getMessage() == null ? "connection refused" : e.getMessage();
      return "cannot connect (" + why + "): is a Toxiproxy server listening at toxiproxy.url?";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static void requireSuccess(String what, HttpResponse<String> response)
      throws ToxiproxyException {
    if (response.statusCode() / 100 != 2) {
      throw new ToxiproxyException(
          what + " answered " + response.statusCode() + ": " + response.body().strip());
    }
  }
}
