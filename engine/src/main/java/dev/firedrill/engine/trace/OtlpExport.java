package dev.firedrill.engine.trace;

import dev.firedrill.engine.model.OtlpSpec;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends client spans to an OTLP/HTTP (protobuf) traces endpoint after a run, in batches, within a
 * deadline. Best effort by contract: nothing here throws, and what went wrong comes back as a
 * warning for the run's output; the verdict never depends on it.
 *
 * <p>Where to: {@code report.otlp.endpoint}, else the standard {@code
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}, else {@code OTEL_EXPORTER_OTLP_ENDPOINT} + {@code
 * /v1/traces}; headers from {@code OTEL_EXPORTER_OTLP_HEADERS} (and {@code _TRACES_HEADERS}), then
 * the drill's. Only {@code http/protobuf} is spoken (the JDK's HTTP client; no gRPC sender), so a
 * {@code grpc} protocol in the environment is refused with a warning.
 */
public final class OtlpExport {

  /** Spans per export request; the collector's default limit is far above this. */
  static final int BATCH = 512;

  /** How long the whole export may take, every batch included. */
  static final Duration DEADLINE = Duration.ofSeconds(20);

  /**
   * The SDK's exporter logs its failures (with stack traces) through java.util.logging; the warning
   * returned here says the same once, so its loggers are silenced. Held so the setting is not
   * collected with the logger.
   */
  private static final Logger SDK_LOG = Logger.getLogger("io.opentelemetry");

  static {
    SDK_LOG.setLevel(Level.OFF);
  }

  /** The run's history, read only when an export is asked for. */
  @FunctionalInterface
  public interface HistorySource {
    dev.firedrill.check.history.History read() throws java.io.IOException;
  }

  /** Where spans go: a full traces URL and the headers to send. */
  public record Target(String endpoint, Map<String, String> headers) {}

  /**
   * What an export did: how many spans the endpoint accepted, and a warning (null when all went).
   */
  public record Outcome(Target target, int exported, int total, String warning) {}

  private OtlpExport() {}

  /**
   * The target of a run, from the drill's settings and the environment; null when neither asks for
   * an export.
   *
   * @throws IllegalArgumentException when the environment asks for a protocol other than
   *     http/protobuf (the message says what to set)
   */
  public static Target target(OtlpSpec spec, Map<String, String> env) {
    String endpoint = spec != null ? spec.endpoint() : null;
    if (endpoint == null) {
      endpoint = blankToNull(env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"));
    }
    if (endpoint == null) {
      String base = blankToNull(env.get("OTEL_EXPORTER_OTLP_ENDPOINT"));
      if (base != null) {
        endpoint = (base.endsWith("/") ? base : base + "/") + "v1/traces";
      }
    }
    if (endpoint == null) {
      if (spec != null) {
        throw new IllegalArgumentException(
            "report.otlp has no endpoint and OTEL_EXPORTER_OTLP_ENDPOINT is not set (fix: set"
                + " report.otlp.endpoint, e.g. http://otel-collector:4318/v1/traces)");
      }
      return null;
    }
    String protocol = blankToNull(env.get("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"));
    protocol = protocol != null ? protocol : blankToNull(env.get("OTEL_EXPORTER_OTLP_PROTOCOL"));
    if (protocol != null && !protocol.trim().equals("http/protobuf")) {
      throw new IllegalArgumentException(
          "OTEL_EXPORTER_OTLP_PROTOCOL="
              + protocol.trim()
              + ": Firedrill exports over http/protobuf only (fix: set it to http/protobuf and"
              + " use the collector's OTLP/HTTP port, 4318 by default)");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.putAll(parseHeaders(env.get("OTEL_EXPORTER_OTLP_HEADERS")));
    headers.putAll(parseHeaders(env.get("OTEL_EXPORTER_OTLP_TRACES_HEADERS")));
    if (spec != null) {
      headers.putAll(spec.headers());
    }
    return new Target(endpoint, Map.copyOf(headers));
  }

  /**
   * After a run: exports its client spans when the drill or the environment asks for it, and says
   * what happened in one line for the run's output ({@code WARN ...} when not all went), or returns
   * null when no export was asked. Never throws.
   */
  public static String afterRun(
      OtlpSpec spec,
      Map<String, String> env,
      HistorySource history,
      long startEpochNanos,
      String drill,
      String runId) {
    Target target;
    try {
      target = target(spec, env);
    } catch (IllegalArgumentException e) {
      return "WARN traces not exported: " + e.getMessage();
    }
    if (target == null) {
      return null;
    }
    List<SpanData> spans;
    try {
      spans = ClientSpans.of(history.read(), startEpochNanos, drill, runId);
    } catch (java.io.IOException | RuntimeException e) {
      return "WARN traces not exported: " + describe(e).substring(2);
    }
    Outcome o = export(target, spans);
    return o.warning() == null
        ? "traces: " + o.exported() + " client span(s) sent to " + target.endpoint()
        : "WARN traces: "
            + o.exported()
            + " of "
            + o.total()
            + " client span(s) sent; "
            + o.warning();
  }

  /** Exports {@code spans} to {@code target}; never throws. */
  public static Outcome export(Target target, List<SpanData> spans) {
    return export(target, spans, DEADLINE);
  }

  static Outcome export(Target target, List<SpanData> spans, Duration deadline) {
    long end = System.nanoTime() + deadline.toNanos();
    int exported = 0;
    OtlpHttpSpanExporter exporter;
    try {
      OtlpHttpSpanExporterBuilder b =
          OtlpHttpSpanExporter.builder()
              .setEndpoint(target.endpoint())
              .setTimeout(Duration.ofSeconds(10))
              .setConnectTimeout(Duration.ofSeconds(5))
              .setRetryPolicy(null);
      target.headers().forEach(b::addHeader);
      exporter = b.build();
    } catch (RuntimeException e) {
      return new Outcome(
          target, 0, spans.size(), "cannot export to " + target.endpoint() + ": " + e.getMessage());
    }
    try {
      for (int from = 0; from < spans.size(); from += BATCH) {
        List<SpanData> batch = spans.subList(from, Math.min(spans.size(), from + BATCH));
        long left = end - System.nanoTime();
        CompletableResultCode r =
            exporter.export(batch).join(Math.max(1, left), TimeUnit.NANOSECONDS);
        if (!r.isDone()) {
          return new Outcome(
              target,
              exported,
              spans.size(),
              "OTLP export to " + target.endpoint() + " took over " + deadline.toSeconds() + "s");
        }
        if (!r.isSuccess()) {
          return new Outcome(
              target,
              exported,
              spans.size(),
              "OTLP export to "
                  + target.endpoint()
                  + " failed"
                  + describe(r.getFailureThrowable()));
        }
        exported += batch.size();
      }
      return new Outcome(target, exported, spans.size(), null);
    } catch (RuntimeException e) {
      return new Outcome(target, exported, spans.size(), "OTLP export failed" + describe(e));
    } finally {
      exporter.shutdown().join(2, TimeUnit.SECONDS);
    }
  }

  /**
   * {@code OTEL_EXPORTER_OTLP_HEADERS}: {@code key=value} pairs separated by commas, values
   * URL-encoded (the OpenTelemetry specification's format); entries without {@code =} are skipped.
   */
  static Map<String, String> parseHeaders(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    if (text == null || text.isBlank()) {
      return out;
    }
    for (String entry : text.split(",")) {
      int eq = entry.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String key = entry.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      String value = URLDecoder.decode(entry.substring(eq + 1).trim(), StandardCharsets.UTF_8);
      if (!key.isEmpty()) {
        out.put(key, value);
      }
    }
    return out;
  }

  private static String describe(Throwable t) {
    if (t == null) {
      return "";
    }
    String m = t.getMessage();
    return ": " + t.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : " " + m);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
