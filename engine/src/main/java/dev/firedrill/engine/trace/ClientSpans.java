package dev.firedrill.engine.trace;

import dev.firedrill.check.history.History;
import dev.firedrill.check.history.Op;
import dev.firedrill.check.history.Operation;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The workload's client spans of a finished run, one per client operation of the history that
 * carries a trace id: trace id and span id those its request sent ({@link TraceContext}), start at
 * the invocation, end at the completion, status OK, or ERROR with the error (an indeterminate
 * outcome says so). An operation the history never completed ends at the history's last entry.
 */
public final class ClientSpans {

  /** The instrumentation scope of every span. */
  public static final String SCOPE = "dev.firedrill.workload";

  static final AttributeKey<String> RUN_ID = AttributeKey.stringKey("firedrill.run.id");
  static final AttributeKey<String> DRILL = AttributeKey.stringKey("firedrill.drill");
  static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("firedrill.outcome");
  static final AttributeKey<String> F = AttributeKey.stringKey("firedrill.f");
  static final AttributeKey<String> KEY = AttributeKey.stringKey("firedrill.key");
  static final AttributeKey<Long> PROCESS = AttributeKey.longKey("firedrill.process");
  static final AttributeKey<String> IDEMPOTENCY =
      AttributeKey.stringKey("firedrill.idempotency_key");
  static final AttributeKey<Long> INDEX = AttributeKey.longKey("firedrill.history.index");

  private ClientSpans() {}

  /**
   * The spans of {@code history}, whose times are nanoseconds since the run started at {@code
   * startEpochNanos} (wall clock).
   */
  public static List<SpanData> of(
      History history, long startEpochNanos, String drill, String runId) {
    Resource resource =
        Resource.getDefault().toBuilder()
            .put("service.name", "firedrill")
            .put(DRILL, drill)
            .put(RUN_ID, runId)
            .build();
    InstrumentationScopeInfo scope = InstrumentationScopeInfo.create(SCOPE);
    long last = 0;
    for (Op op : history.ops()) {
      last = Math.max(last, op.time());
    }
    List<SpanData> spans = new ArrayList<>();
    for (Operation o : history.clientOperations()) {
      String traceId = o.invoke().traceId();
      if (!TraceContext.isTraceId(traceId)) {
        continue;
      }
      String id = traceId.toLowerCase(Locale.ROOT);
      SpanContext context =
          SpanContext.create(
              id, TraceContext.spanId(id), TraceFlags.getSampled(), TraceState.getDefault());
      long end = o.completion() == null ? last : o.completion().time();
      spans.add(
          new ClientSpan(
              o.f(),
              context,
              status(o),
              startEpochNanos + o.invoke().time(),
              startEpochNanos + Math.max(end, o.invoke().time()),
              attributes(o),
              resource,
              scope));
    }
    return spans;
  }

  private static StatusData status(Operation o) {
    if (o.completion() == null) {
      return StatusData.create(StatusCode.ERROR, "indeterminate: the run ended first");
    }
    String error = o.completion().error();
    return switch (o.completion().type()) {
      case OK -> StatusData.ok();
      case FAIL -> StatusData.create(StatusCode.ERROR, error == null ? "failed" : error);
      default ->
          StatusData.create(
              StatusCode.ERROR, "indeterminate" + (error == null ? "" : ": " + error));
    };
  }

  private static Attributes attributes(Operation o) {
    AttributesBuilder b =
        Attributes.builder()
            .put(F, o.f())
            .put(PROCESS, (long) o.process())
            .put(INDEX, o.invoke().index())
            .put(OUTCOME, o.completion() == null ? "none" : o.completion().type().wireName());
    if (o.key() != null) {
      b.put(KEY, o.key());
    }
    if (o.invoke().idempotencyKey() != null) {
      b.put(IDEMPOTENCY, o.invoke().idempotencyKey());
    }
    return b.build();
  }
}
