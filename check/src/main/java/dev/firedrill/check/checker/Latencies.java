package dev.firedrill.check.checker;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Quantiles of a list of latencies in ns, reported in ms: 0, 0.5, 0.95, 0.99, 1. */
final class Latencies {
  private long[] values = new long[16];
  private int size;

  void add(long nanos) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = Math.max(0, nanos);
  }

  void addAll(Latencies other) {
    for (int i = 0; i < other.size; i++) {
      add(other.values[i]);
    }
  }

  int size() {
    return size;
  }

  /** {"0": ms, "0.5": ms, ...}, or an empty map when there are no values. */
  Map<String, Object> quantilesMillis() {
    Map<String, Object> out = new LinkedHashMap<>();
    if (size == 0) {
      return out;
    }
    long[] sorted = Arrays.copyOf(values, size);
    Arrays.sort(sorted);
    for (double q : new double[] {0, 0.5, 0.95, 0.99, 1}) {
      int i = (int) Math.min(size - 1, Math.floor(q * size));
      out.put(q == 0 ? "0" : q == 1 ? "1" : Double.toString(q), sorted[i] / 1e6);
    }
    return out;
  }
}
