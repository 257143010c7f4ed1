package dev.firedrill.engine.workload.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The placeholder values of one operation ({@code {{key}}}, {@code {{value}}}, ...); a placeholder
 * with no value renders as the empty string.
 */
public record Bindings(Map<String, String> values) {

  public Bindings {
    values = Map.copyOf(values);
  }

  /** Bindings from alternating names and values; null values are left out. */
  public static Bindings of(String... namesAndValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
      if (namesAndValues[i + 1] != null) {
        map.put(namesAndValues[i], namesAndValues[i + 1]);
      }
    }
    return new Bindings(map);
  }

  String get(String name) {
    return values.getOrDefault(name, "");
  }
}
