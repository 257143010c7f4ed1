package dev.firedrill.engine.workload.http;

import dev.firedrill.engine.model.RequestTemplate;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a request template with an operation's bindings. Each placeholder is escaped for where it
 * lands: URL-encoded in paths, queries and forms; JSON-escaped in JSON bodies; refused in headers
 * when it would break the header (CR or LF).
 */
public final class RequestRenderer {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^}]*?)\\s*}}");

  private RequestRenderer() {}

  /**
   * The request, to the template's own {@code baseUrl} if it has one, else to {@code baseUrl} (the
   * workload's); {@code traceparent} is sent as the W3C header of that name.
   */
  public static HttpRequest render(
      String baseUrl, RequestTemplate t, Bindings b, String traceparent, Duration timeout) {
    String path = fill(t.path() == null ? "/" : t.path(), b, RequestRenderer::pathSegment);
    StringJoiner query = new StringJoiner("&");
    t.query().forEach((k, v) -> query.add(form(k) + "=" + fill(v, b, RequestRenderer::form)));
    String root = t.baseUrl() != null ? t.baseUrl() : baseUrl;
    String base = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    String sep = path.contains("?") ? "&" : "?";
    URI uri = URI.create(base + path + (query.length() == 0 ? "" : sep + query));

    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri).timeout(timeout).header("traceparent", traceparent);
    for (Map.Entry<String, String> h : t.headers().entrySet()) {
      request.header(h.getKey(), fill(h.getValue(), b, RequestRenderer::headerValue));
    }
    String method =
        t.method() != null
            ? t.method()
            : (t.json() != null || !t.form().isEmpty() ? "POST" : "GET");
    HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
    if (t.json() != null) {
      body = HttpRequest.BodyPublishers.ofString(fill(t.json(), b, RequestRenderer::jsonString));
      request.header("Content-Type", "application/json");
    } else if (!t.form().isEmpty()) {
      StringJoiner form = new StringJoiner("&");
      t.form().forEach((k, v) -> form.add(form(k) + "=" + fill(v, b, RequestRenderer::form)));
      body = HttpRequest.BodyPublishers.ofString(form.toString());
      request.header("Content-Type", "application/x-www-form-urlencoded");
    }
    return request.method(method, body).build();
  }

  static String fill(String text, Bindings b, UnaryOperator<String> escape) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(escape.apply(b.get(m.group(1)))));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String form(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String pathSegment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String headerValue(String s) {
    if (s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("a header value may not contain CR or LF");
    }
    return s;
  }

  /** Escapes text for the inside of a JSON string literal. */
  static String jsonString(String s) {
    StringBuilder out = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  /**
   * The body bytes of a request this class rendered, for clients that send it themselves (the
   * workload's Netty client, the benchmark's candidates). Its publishers are in-memory strings, so
   * this never waits.
   */
  public static byte[] bodyOf(HttpRequest request) {
    HttpRequest.BodyPublisher publisher = request.bodyPublisher().orElse(null);
    if (publisher == null || publisher.contentLength() == 0) {
      return new byte[0];
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CompletableFuture<byte[]> done = new CompletableFuture<>();
    publisher.subscribe(
        new Flow.Subscriber<ByteBuffer>() {
          @Override
          public void onSubscribe(Flow.Subscription s) {
            s.request(Long.MAX_VALUE);
          }

          @Override
          public void onNext(ByteBuffer b) {
            byte[] chunk = new byte[b.remaining()];
            b.get(chunk);
            bytes.writeBytes(chunk);
          }

          @Override
          public void onError(Throwable t) {
            done.completeExceptionally(t);
          }

          @Override
          public void onComplete() {
            done.complete(bytes.toByteArray());
          }
        });
    return done.join();
  }
}
