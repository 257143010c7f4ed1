package dev.firedrill.cluster.fault.network;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bytes each proxy has carried, read from a Toxiproxy's Prometheus metrics ({@code GET
 * /metrics} of its API, Toxiproxy 2.6+ started with {@code -proxy-metrics}): the sum over both
 * directions of {@code toxiproxy_proxy_received_bytes_total}, a counter that only grows for the
 * life of the server. A server without the endpoint (Firedrill's embedded proxy today, a Toxiproxy
 * without the flag) answers empty: the traffic is then unknown, never zero.
 */
public final class ProxyTraffic {

  private static final String RECEIVED = "toxiproxy_proxy_received_bytes_total";
  private static final Pattern PROXY = Pattern.compile("proxy=\"([^\"]*)\"");

  private final URI metrics;
  private final String token;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /**
   * @param metrics the metrics URL, e.g. {@code http://toxiproxy:8474/metrics}
   */
  public ProxyTraffic(URI metrics) {
    this(metrics, null);
  }

  /**
   * @param metrics the metrics URL, e.g. {@code http://toxiproxy:8474/metrics}
   * @param token the API's token ({@code Authorization: Bearer}), or null when it has none
   */
  public ProxyTraffic(URI metrics, String token) {
    this.metrics = metrics;
    this.token = token;
  }

  /** Bytes received per proxy so far, or empty when the server exposes no proxy metrics. */
  public Optional<Map<String, Long>> bytes() {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(3)).GET();
      if (token != null) {
        request.header("Authorization", "Bearer " + token);
      }
      HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        return Optional.empty();
      }
      return parse(r.body());
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** The bytes per proxy in a Prometheus text page, or empty when it has no proxy counters. */
  static Optional<Map<String, Long>> parse(String page) {
    Map<String, Long> out = new LinkedHashMap<>();
    boolean seen = false;
    for (String line : page.split("\n")) {
      if (line.startsWith("#") || !line.startsWith(RECEIVED + "{")) {
        continue;
      }
      seen = true;
      int close = line.lastIndexOf('}');
      Matcher m = PROXY.matcher(line.substring(0, close));
      if (close < 0 || !m.find()) {
        continue;
      }
      String[] rest = line.substring(close + 1).trim().split("\\s+");
      long value = (long) Double.parseDouble(rest[0]);
      out.merge(m.group(1), value, Long::sum);
    }
    return seen ? Optional.of(out) : Optional.empty();
  }
}
