package dev.firedrill.bench.operator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Two or three sets of operator JVM flags compared side by side on one loaded machine: {@code ab N
 * reps} starts the operator with N Drills in turn as variant A ({@code -Dbench.operator.a}, empty
 * for the image as it is), B ({@code -Dbench.operator.b}) and, if set, C ({@code
 * -Dbench.operator.c}), so all see the same load, and prints the medians of each and their ratio to
 * A; {@code -Dbench.operator.java} runs the operator on another Java (the image's runtime). {@code
 * train N FILE} starts it once with N Drills and {@code -XX:AOTCacheOutput=FILE}: the JVM records
 * that start and, on exit, writes a JDK 25 AOT cache to FILE (the run-time flag is then {@code
 * -XX:AOTCache=FILE}); the cache is valid only for the Java that made it.
 */
final class OperatorStartAb {

  private static final String[] COLUMNS = {"ready s", "all valid s", "RSS MB", "peak MB", "CPU s"};

  private OperatorStartAb() {}

  static void run(int drills, int reps) throws Exception {
    List<List<String>> variants = new ArrayList<>();
    for (String key : List.of("a", "b", "c")) {
      String v = System.getProperty("bench.operator." + key);
      if (v != null || !key.equals("c")) {
        variants.add(OperatorBenchmark.flags(v == null ? "" : v));
        System.out.printf("%s: %s%n", name(variants.size() - 1), variants.getLast());
      }
    }
    List<List<double[]>> results = new ArrayList<>();
    variants.forEach(v -> results.add(new ArrayList<>()));
    int n = variants.size();
    for (int rep = 0; rep < reps; rep++) {
      // The order rotates with each rep: no variant always runs first (cold page cache) or last.
      for (int i = 0; i < n; i++) {
        int v = (i + rep) % n;
        double[] r = OperatorBenchmark.startOnce(drills, variants.get(v));
        results.get(v).add(r);
        System.out.printf(
            "rep %d %s: ready %.2f s, all valid %.2f s, RSS %.0f MB (peak %.0f MB), CPU %.2f s,"
                + " load %s%n",
            rep, name(v), r[0], r[1], r[2], r[3], r[4], OperatorBenchmark.load());
      }
    }
    System.out.printf("median of %d, %d drills (ratio to A):%n", reps, drills);
    for (int c = 0; c < COLUMNS.length; c++) {
      StringBuilder line = new StringBuilder("  %-12s".formatted(COLUMNS[c]));
      double base = OperatorBenchmark.median(results.getFirst(), c);
      for (int v = 0; v < n; v++) {
        double m = OperatorBenchmark.median(results.get(v), c);
        line.append("  %s %8.2f".formatted(name(v), m));
        if (v > 0) {
          line.append(" (%.2f)".formatted(m / base));
        }
      }
      System.out.println(line);
    }
  }

  private static String name(int variant) {
    return String.valueOf((char) ('A' + variant));
  }

  static void train(int drills, Path cache) throws Exception {
    Path file = cache.toAbsolutePath();
    Files.deleteIfExists(file);
    // First: the variant's flags may end with "-jar APP", after which come the app's arguments.
    List<String> flags = new ArrayList<>(List.of("-XX:AOTCacheOutput=" + file));
    flags.addAll(OperatorBenchmark.flags(System.getProperty("bench.operator.a", "")));
    double[] r = OperatorBenchmark.startOnce(drills, flags);
    if (!Files.exists(file)) {
      throw new IllegalStateException("the training run wrote no AOT cache to " + file);
    }
    System.out.printf(
        "training run: ready %.2f s, all valid %.2f s; AOT cache %s (%d MB)%n",
        r[0], r[1], file, Files.size(file) >> 20);
  }
}
