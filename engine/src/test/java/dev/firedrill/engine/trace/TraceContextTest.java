package dev.firedrill.engine.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TraceContextTest {

  private static final String W3C = "^00-[0-9a-f]{32}-[0-9a-f]{16}-01$";

  @Test
  void aTraceparentIsW3cAndItsSpanIdFollowsFromTheTraceId() {
    for (int i = 0; i < 1000; i++) {
      String traceId = TraceContext.newTraceId();
      assertThat(TraceContext.isTraceId(traceId)).isTrue();
      String tp = TraceContext.traceparent(traceId);
      assertThat(tp).matches(W3C);
      assertThat(tp.split("-")[1]).isEqualTo(traceId);
      assertThat(tp.split("-")[2])
          .isEqualTo(TraceContext.spanId(traceId))
          .isNotEqualTo("0000000000000000");
    }
  }

  @Test
  void theSpanIdIsTheSameForAnUpperCaseIdAndSharesNoDigitsWithIt() {
    String id = "4bf92f3577b34da6a3ce929d0e0e4736";
    assertThat(TraceContext.spanId(id.toUpperCase())).isEqualTo(TraceContext.spanId(id));
    assertThat(id).doesNotContain(TraceContext.spanId(id));
    assertThat(TraceContext.traceparent(id.toUpperCase())).startsWith("00-" + id + "-");
  }

  @Test
  void spanIdsOfDistinctTraceIdsDiffer() {
    Set<String> seen = new HashSet<>();
    // Trace ids that differ in one bit of either half still get distinct span ids.
    for (int bit = 0; bit < 128; bit++) {
      char[] hex = "00000000000000000000000000000001".toCharArray();
      int digit = 31 - bit / 4;
      hex[digit] = Character.forDigit(Character.digit(hex[digit], 16) ^ (1 << (bit % 4)), 16);
      String id = new String(hex);
      if (TraceContext.isTraceId(id)) {
        assertThat(seen.add(TraceContext.spanId(id))).as(id).isTrue();
      }
    }
    assertThat(seen).hasSizeGreaterThan(120);
  }

  @Test
  void notATraceIdIsRefused() {
    assertThat(TraceContext.isTraceId("0".repeat(32))).isFalse();
    assertThat(TraceContext.isTraceId("abc")).isFalse();
    assertThat(TraceContext.isTraceId("g".repeat(32))).isFalse();
    assertThat(TraceContext.isTraceId(null)).isFalse();
    assertThatThrownBy(() -> TraceContext.spanId("xyz"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 hex digits");
  }
}
