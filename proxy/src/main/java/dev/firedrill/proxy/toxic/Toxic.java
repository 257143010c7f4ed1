package dev.firedrill.proxy.toxic;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The attributes of one toxic, by type. Times are in milliseconds except {@link Slicer#delay()},
 * which is in microseconds as in Toxiproxy. Every record validates its own bounds: Toxiproxy
 * accepts negative and absurd values, we answer 400 (a deliberate difference, see docs/proxy.md).
 */
public sealed interface Toxic {

  /** The upper bound for every time attribute: one day, in milliseconds. */
  long MAX_MILLIS = 86_400_000L;

  /** The Toxiproxy type name ({@code latency}, {@code limit_data}, ...). */
  String type();

  /** The attributes as Toxiproxy shows them, in its field order. */
  Map<String, Object> attributes();

  /** Delays each chunk by {@code latency} plus a uniform random offset within {@code jitter}. */
  record Latency(long latency, long jitter) implements Toxic {
    public Latency {
      Bounds.check("latency", latency, 0, MAX_MILLIS);
      Bounds.check("jitter", jitter, 0, MAX_MILLIS);
    }

    @Override
    public String type() {
      return "latency";
    }

    @Override
    public Map<String, Object> attributes() {
      return Bounds.ordered("latency", latency, "jitter", jitter);
    }
  }

  /** Limits the rate to {@code rate} KB/s (1 KB = 1000 bytes); 0 holds every byte. */
  record Bandwidth(long rate) implements Toxic {
    public Bandwidth {
      Bounds.check("rate", rate, 0, 100_000_000L);
    }

    @Override
    public String type() {
      return "bandwidth";
    }

    @Override
    public Map<String, Object> attributes() {
      return Bounds.ordered("rate", rate);
    }
  }

  /** Delays the close of the stream by {@code delay} milliseconds. */
  record SlowClose(long delay) implements Toxic {
    public SlowClose {
      Bounds.check("delay", delay, 0, MAX_MILLIS);
    }

    @Override
    public String type() {
      return "slow_close";
    }

    @Override
    public Map<String, Object> attributes() {
      return Bounds.ordered("delay", delay);
    }
  }

  /**
   * Drops every byte and closes the connection after {@code timeout} milliseconds; 0 holds it open
   * forever (a blackhole). Removing the toxic closes the connections it held.
   */
  record Timeout(long timeout) implements Toxic {
    public Timeout {
      Bounds.check("timeout", timeout, 0, MAX_MILLIS);
    }

    @Override
    public String type() {
      return "timeout";
    }

    @Override
    public Map<String, Object> attributes() {
      return Bounds.ordered("timeout", timeout);
    }
  }

  /** On the next data, waits {@code timeout} milliseconds and resets the connection (TCP RST). */
  record ResetPeer(long timeout) implements Toxic {
    public ResetPeer {
      Bounds.check("timeout", timeout, 0, MAX_MILLIS);
    }

    @Override
    public String type() {
      return "reset_peer";
    }

    @Override
    public Map<String, Object> attributes() {
      return Bounds.ordered("timeout", timeout);
    }
  }

  /**
   * Slices data into chunks of {@code averageSize} ± {@code sizeVariation} bytes, {@code delay}
   * microseconds apart.
   */
  record Slicer(long averageSize, long sizeVariation, long delay) implements Toxic {
    public Slicer {
      Bounds.check("average_size", averageSize, 1, 1L << 30);
      Bounds.check("size_variation", sizeVariation, 0, averageSize - 1);
      Bounds.check("delay", delay, 0, MAX_MILLIS * 1000);
    }

    @Override
    public String type() {
      return "slicer";
    }

    @Override
    public Map<String, Object> attributes() {
      return Bounds.ordered(
          "average_size", averageSize, "size_variation", sizeVariation, "delay", delay);
    }
  }

  /** Closes the connection once {@code bytes} bytes have passed in this stream. */
  record LimitData(long bytes) implements Toxic {
    public LimitData {
      Bounds.check("bytes", bytes, 0, Long.MAX_VALUE);
    }

    @Override
    public String type() {
      return "limit_data";
    }

    @Override
    public Map<String, Object> attributes() {
      return Bounds.ordered("bytes", bytes);
    }
  }

  /**
   * Passes data on unchanged: Toxiproxy's {@code noop}, the toxic it puts at the head of every
   * chain, which clients may also add by name (with no attributes).
   */
  record Noop() implements Toxic {
    @Override
    public String type() {
      return "noop";
    }

    @Override
    public Map<String, Object> attributes() {
      return Map.of();
    }
  }

  /** Range checks shared by the records above. */
  final class Bounds {
    private Bounds() {}

    static void check(String field, long value, long min, long max) {
      if (value < min || value > max) {
        throw new IllegalArgumentException(
            "attribute " + field + " must be between " + min + " and " + max + ", got " + value);
      }
    }

    static Map<String, Object> ordered(Object... keysAndValues) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (int i = 0; i < keysAndValues.length; i += 2) {
        map.put((String) keysAndValues[i], keysAndValues[i + 1]);
      }
      return map;
    }
  }
}
