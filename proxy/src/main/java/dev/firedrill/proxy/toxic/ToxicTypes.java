package dev.firedrill.proxy.toxic;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Builds toxics from a type name and attribute values. Attributes missing from the input keep their
 * base value (zero on create, the current value on update), as Go's JSON decoding does.
 */
public final class ToxicTypes {

  /** The types this server implements. */
  public static final Set<String> NAMES =
      Set.of(
          "noop",
          "latency",
          "bandwidth",
          "slow_close",
          "timeout",
          "reset_peer",
          "slicer",
          "limit_data");

  private ToxicTypes() {}

  public static boolean known(String type) {
    return NAMES.contains(type);
  }

  /** The attribute names of a type, each with its zero value. */
  public static Map<String, Long> zeroAttributes(String type) {
    Map<String, Long> zero = new LinkedHashMap<>();
    for (String field : fields(type)) {
      zero.put(field, 0L);
    }
    return zero;
  }

  /** The current attributes of a toxic, as a mutable map to overlay an update on. */
  public static Map<String, Long> attributesOf(Toxic toxic) {
    Map<String, Long> values = new LinkedHashMap<>();
    toxic.attributes().forEach((key, value) -> values.put(key, ((Number) value).longValue()));
    return values;
  }

  /**
   * Creates the toxic.
   *
   * @throws IllegalArgumentException when the type is unknown or a value is out of bounds
   */
  public static Toxic create(String type, Map<String, Long> a) {
    return switch (type) {
      case "noop" -> new Toxic.Noop();
      case "latency" -> new Toxic.Latency(a.get("latency"), a.get("jitter"));
      case "bandwidth" -> new Toxic.Bandwidth(a.get("rate"));
      case "slow_close" -> new Toxic.SlowClose(a.get("delay"));
      case "timeout" -> new Toxic.Timeout(a.get("timeout"));
      case "reset_peer" -> new Toxic.ResetPeer(a.get("timeout"));
      case "slicer" ->
          new Toxic.Slicer(a.get("average_size"), a.get("size_variation"), a.get("delay"));
      case "limit_data" -> new Toxic.LimitData(a.get("bytes"));
      default -> throw new IllegalArgumentException("invalid toxic type");
    };
  }

  private static String[] fields(String type) {
    return switch (type) {
      case "latency" -> new String[] {"latency", "jitter"};
      case "bandwidth" -> new String[] {"rate"};
      case "slow_close" -> new String[] {"delay"};
      case "timeout", "reset_peer" -> new String[] {"timeout"};
      case "slicer" -> new String[] {"average_size", "size_variation", "delay"};
      case "limit_data" -> new String[] {"bytes"};
      default -> new String[0];
    };
  }
}
