package dev.firedrill.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.firedrill.check.history.History;
import dev.firedrill.check.history.JsonlHistoryReader;
import dev.firedrill.check.history.Operation;
import dev.firedrill.engine.model.Verdict;
import dev.firedrill.engine.trace.TraceContext;
import dev.firedrill.engine.validate.DrillLoader;
import dev.firedrill.engine.validate.LoadResult;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real run exports one OTLP client span per operation to a real OTLP/HTTP receiver on loopback,
 * which decodes them with the official protos: the trace ids are those the service received in
 * {@code traceparent} and the history recorded, the span ids are the history's ({@link
 * TraceContext#spanId}), the times are the history's to the nanosecond; a receiver that refuses the
 * export leaves the verdict as it was and says so in one warning line.
 */
class ClientSpanExportIT {

  @TempDir Path dir;

  private TestingSetService service;
  private final List<String> progress = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    service = new TestingSetService();
  }

  @AfterEach
  void stop() {
    service.close();
  }

  private RunResult run(String endpoint) throws Exception {
    Path file = dir.resolve("drill.yaml");
    Files.writeString(
        file,
        """
        description: client spans to an OTLP receiver
        target: {namespace: shop}
        workload:
          type: set
          baseUrl: %s
          rate: 20
          duration: 1s
          operations:
            add: {method: POST, path: /set, json: '{{value}}'}
            read: {path: /set, extract: /ids}
        invariants: [{type: noLostWrites}]
        recovery: 200ms
        report:
          otlp:
            endpoint: %s
            headers: {Authorization: Bearer drill-token}
        """
            .formatted(service.url(), endpoint));
    LoadResult loaded = new DrillLoader().loadFile(file);
    assertThat(loaded.problems()).isEmpty();
    RunListener listener =
        new RunListener() {
          @Override
          public void progress(String line) {
            progress.add(line);
          }
        };
    return Engine.run(
        RunRequest.of(loaded.drills().getFirst(), dir.resolve("run"))
            .withSeed(5L)
            .withListener(listener));
  }

  @Test
  void everyOperationIsOneClientSpanWithTheIdsItsRequestSentAndTheHistorysTimes() throws Exception {
    long before = System.currentTimeMillis() * 1_000_000L;
    try (TestingOtlpReceiver receiver = new TestingOtlpReceiver(200)) {
      RunResult run = run(receiver.tracesUrl());
      long after = System.currentTimeMillis() * 1_000_000L;

      assertThat(run.verdict()).as(run.message()).isEqualTo(Verdict.PASS);
      History history = JsonlHistoryReader.read(dir.resolve("run/history.jsonl"));
      List<Operation> ops = history.clientOperations();
      assertThat(ops).hasSizeGreaterThan(10);
      assertThat(progress)
          .contains("traces: " + ops.size() + " client span(s) sent to " + receiver.tracesUrl());

      Map<String, Span> spans = new LinkedHashMap<>();
      for (var request : receiver.requests()) {
        for (ResourceSpans rs : request.getResourceSpansList()) {
          assertThat(attributes(rs.getResource().getAttributesList()))
              .containsEntry("service.name", "firedrill")
              .containsEntry("firedrill.run.id", run.runId());
          rs.getScopeSpansList()
              .forEach(ss -> ss.getSpansList().forEach(s -> spans.put(hex(s.getTraceId()), s)));
        }
      }
      assertThat(receiver.authorizations()).isNotEmpty().allMatch("Bearer drill-token"::equals);
      assertThat(spans).hasSize(ops.size());

      Operation first = ops.getFirst();
      Span firstSpan = spans.get(first.invoke().traceId());
      long epochOfStart = firstSpan.getStartTimeUnixNano() - first.invoke().time();
      assertThat(epochOfStart).isBetween(before - 1_000_000_000L, after);
      for (Operation o : ops) {
        String traceId = o.invoke().traceId();
        Span s = spans.get(traceId);
        assertThat(s).as("span of %s", traceId).isNotNull();
        assertThat(s.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
        assertThat(hex(s.getSpanId())).isEqualTo(TraceContext.spanId(traceId));
        assertThat(s.getParentSpanId().isEmpty()).isTrue();
        assertThat(s.getName()).isEqualTo(o.f());
        assertThat(s.getStartTimeUnixNano()).isEqualTo(epochOfStart + o.invoke().time());
        assertThat(s.getEndTimeUnixNano()).isEqualTo(epochOfStart + o.completion().time());
        assertThat(s.getStatus().getCode())
            .isEqualTo(
                o.ok() ? Status.StatusCode.STATUS_CODE_OK : Status.StatusCode.STATUS_CODE_ERROR);
        assertThat(attributes(s.getAttributesList()))
            .containsEntry("firedrill.outcome", o.completion().type().wireName())
            .containsEntry("firedrill.process", Long.toString(o.process()));
      }
      // The trace ids are the ones the service received in its traceparent headers.
      List<String> sent = service.traceparents().stream().map(tp -> tp.split("-")[1]).toList();
      assertThat(sent).containsExactlyInAnyOrderElementsOf(spans.keySet());
      // And each request's parent-id is its span's id, so the backend parents the services' spans
      // on Firedrill's.
      assertThat(service.traceparents())
          .containsExactlyInAnyOrderElementsOf(
              spans.values().stream()
                  .map(s -> "00-" + hex(s.getTraceId()) + "-" + hex(s.getSpanId()) + "-01")
                  .toList());
    }
  }

  @Test
  void aRefusedExportIsAWarningAndLeavesTheVerdict() throws Exception {
    try (TestingOtlpReceiver receiver = new TestingOtlpReceiver(503)) {
      RunResult run = run(receiver.tracesUrl());

      assertThat(run.verdict()).as(run.message()).isEqualTo(Verdict.PASS);
      assertThat(receiver.requests()).hasSize(1); // no retry: one refused batch ends the export
      assertThat(progress)
          .anySatisfy(line ->
              assertThat(line)
                  .startsWith("WARN traces: 0 of ")
                  .contains("OTLP export to " + receiver.tracesUrl() + " failed"));
      assertThat(dir.resolve("run/results.json")).exists();
    }
  }

  private static Map<String, String> attributes(List<KeyValue> kvs) {
    Map<String, String> out = new LinkedHashMap<>();
    for (KeyValue kv : kvs) {
      var v = kv.getValue();
      out.put(kv.getKey(), v.hasIntValue() ? Long.toString(v.getIntValue()) : v.getStringValue());
    }
    return out;
  }

  private static String hex(ByteString bytes) {
    return HexFormat.of().formatHex(bytes.toByteArray());
  }
}
