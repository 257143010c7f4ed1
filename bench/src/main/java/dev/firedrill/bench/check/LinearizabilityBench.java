package dev.firedrill.bench.check;

import dev.firedrill.check.checker.Linearizable;
import dev.firedrill.check.checker.Result;
import dev.firedrill.check.checker.Validity;
import dev.firedrill.check.checker.linear.Budget;
import dev.firedrill.check.history.History;
import dev.firedrill.check.history.JsonlHistoryWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Linearizability on generated cas-register histories ({@link CasRegisterHistories}), warm and
 * cold.
 *
 * <p>Warm: for each shape (clients, entries, values), checks 10 histories of different seeds after
 * a warm-up, 5 times each, and prints the median per history and the worst history. Cold: runs
 * {@link ColdCheck} in a fresh JVM on one etcd-sized history, 5 times, and prints the median wall
 * time of the whole process (JVM start, class loading, parsing, checking).
 *
 * <p>Usage: {@code LinearizabilityBench [etcd] [wide] [long] [cold]} (default: all four).
 */
public final class LinearizabilityBench {
  private static final Linearizable CHECKER =
      new Linearizable(
          Linearizable.Model.CAS_REGISTER, null, new Budget(Duration.ofSeconds(30), 1L << 30));

  private LinearizabilityBench() {}

  record Shape(int clients, int entries, double crashRate, int values) {}

  public static void main(String[] args) throws Exception {
    List<String> groups = args.length > 0 ? List.of(args) : List.of("etcd", "wide", "long", "cold");
    System.out.println(
        "clients entries crash values | median ms/history  worst ms | not valid | crashed ops");
    if (groups.contains("etcd")) {
      // Shaped like Jepsen's etcd histories: few clients, values 0-4, many crashed clients.
      warm(new Shape(5, 1_000, 0.1, 5), 10, 5);
      warm(new Shape(5, 5_000, 0.1, 5), 10, 5);
      warm(new Shape(10, 5_000, 0.1, 5), 10, 5);
    }
    if (groups.contains("wide")) {
      warm(new Shape(20, 5_000, 0.1, 5), 10, 3);
      warm(new Shape(20, 5_000, 0.1, 0), 10, 3);
      warm(new Shape(50, 5_000, 0.1, 5), 5, 1);
      warm(new Shape(50, 5_000, 0.1, 0), 3, 1);
    }
    if (groups.contains("long")) {
      warm(new Shape(5, 100_000, 0.05, 5), 3, 1);
      warm(new Shape(10, 100_000, 0.05, 5), 3, 1);
      warm(new Shape(20, 100_000, 0.05, 0), 3, 1);
    }
    if (groups.contains("cold")) {
      cold();
    }
  }

  private static void warm(Shape s, int histories, int reps) {
    List<History> hs = new ArrayList<>();
    for (int i = 0; i < histories; i++) {
      hs.add(CasRegisterHistories.generate(i, s.clients(), s.entries(), s.crashRate(), s.values()));
    }
    hs.forEach(CHECKER::check); // warm-up
    double[] perHistory = new double[histories];
    int bad = 0;
    for (int i = 0; i < histories; i++) {
      double[] times = new double[reps];
      for (int r = 0; r < reps; r++) {
        long t0 = System.nanoTime();
        Result result = CHECKER.check(hs.get(i));
        times[r] = (System.nanoTime() - t0) / 1e6;
        bad += result.validity() == Validity.VALID ? 0 : 1;
      }
      perHistory[i] = Medians.median(times);
    }
    long crashed =
        hs.get(0).ops().stream()
            .filter(o -> o.type() == dev.firedrill.check.history.OpType.INFO)
            .count();
    System.out.printf(
        Locale.ROOT,
        "%7d %7d %5.2f %6s | %17.2f %8.2f | %9d | %d%n",
        s.clients(),
        s.entries(),
        s.crashRate(),
        s.values() == 0 ? "unique" : "0-" + (s.values() - 1),
        Medians.median(perHistory),
        Medians.max(perHistory),
        bad,
        crashed);
  }

  static void cold() throws IOException, InterruptedException {
    Path dir = Files.createDirectories(Path.of("/tmp/firedrill-bench"));
    Path file = dir.resolve("cas-register-5k.jsonl");
    JsonlHistoryWriter.writeAll(file, CasRegisterHistories.generate(1, 10, 5_000, 0.1, 5).ops());
    System.out.printf(
        Locale.ROOT,
        "cold median %.0f ms wall for a fresh JVM on a 5,000-entry history%n",
        coldMedian(file, 5));
  }

  /**
   * Runs {@link ColdCheck} on a JSONL history in a fresh JVM, {@code runs} times, printing each
   * run; returns the median wall time of the whole process in milliseconds.
   */
  static double coldMedian(Path file, int runs) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    double[] wall = new double[runs];
    for (int r = 0; r < wall.length; r++) {
      long t0 = System.nanoTime();
      Process p =
          new ProcessBuilder(
                  java,
                  "-cp",
                  System.getProperty("java.class.path"),
                  ColdCheck.class.getName(),
                  file.toString())
              .inheritIO()
              .start();
      int code = p.waitFor();
      wall[r] = (System.nanoTime() - t0) / 1e6;
      System.out.printf(Locale.ROOT, "cold run %d: %.0f ms wall (exit %d)%n", r + 1, wall[r], code);
    }
    return Medians.median(wall);
  }
}
