package dev.firedrill.engine.trace;

import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The W3C trace context of a workload operation. Each operation gets a fresh trace id; its
 * request's span id (the {@code parent-id} of {@code traceparent}) is a function of the trace id,
 * so the history, which records the trace id, also names the span id: the client span exported
 * after the run ({@link ClientSpans}) carries exactly the ids its request sent, and the services'
 * spans hang under it in the tracing backend.
 */
public final class TraceContext {

  private TraceContext() {}

  /** A fresh W3C trace id: 32 lower-case hex digits, not all zero. */
  public static String newTraceId() {
    byte[] b = new byte[16];
    ThreadLocalRandom.current().nextBytes(b);
    b[0] |= 1; // an all-zero id is invalid in W3C trace context
    return HexFormat.of().formatHex(b);
  }

  /**
   * The span id of the request that carries {@code traceId}: 16 hex digits, never all zero, from a
   * 64-bit mix of both halves of the trace id (so it shares no digits with it).
   *
   * @throws IllegalArgumentException when {@code traceId} is not 32 hex digits
   */
  public static String spanId(String traceId) {
    if (!isTraceId(traceId)) {
      throw new IllegalArgumentException("not a W3C trace id (32 hex digits): " + traceId);
    }
    long hi = Long.parseUnsignedLong(traceId.substring(0, 16), 16);
    long lo = Long.parseUnsignedLong(traceId.substring(16), 16);
    long z = mix(hi ^ mix(lo));
    return HexFormat.of().toHexDigits(z == 0 ? 1 : z);
  }

  /** The {@code traceparent} header of the request that carries {@code traceId}: sampled. */
  public static String traceparent(String traceId) {
    return "00-" + traceId.toLowerCase(Locale.ROOT) + "-" + spanId(traceId) + "-01";
  }

  /** True for 32 hex digits, not all zero. */
  public static boolean isTraceId(String s) {
    if (s == null || s.length() != 32) {
      return false;
    }
    boolean nonZero = false;
    for (int i = 0; i < 32; i++) {
      char c = s.charAt(i);
      if (Character.digit(c, 16) < 0) {
        return false;
      }
      nonZero |= c != '0';
    }
    return nonZero;
  }

  /** SplitMix64's finalizer: every input bit flips about half the output bits. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
