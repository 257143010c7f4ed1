package dev.firedrill.bench.check;

import dev.firedrill.check.checker.NoLostWrites;
import dev.firedrill.check.checker.Result;
import dev.firedrill.check.history.History;
import dev.firedrill.check.history.JsonlHistoryReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The set checker ({@link NoLostWrites}) on a generated JSONL history, parsing included: reads the
 * file, pairs the ops and checks them, several times, and prints ops/s per run and the median.
 *
 * <p>Usage: {@code SetHistoryBench [FILE] [OPS] [REPETITIONS]}. The file is generated first if it
 * does not exist: 10 workers adding unique elements to 100 sets (1% info, 1% fail), a read of one
 * set every 20,000 ops, and a final read of every set.
 */
public final class SetHistoryBench {
  private static final int KEYS = 100;
  private static final int WORKERS = 10;

  private SetHistoryBench() {}

  public static void main(String[] args) throws IOException {
    Path file = Path.of(args.length > 0 ? args[0] : "/tmp/firedrill-bench/set-10m.jsonl");
    long ops = args.length > 1 ? Long.parseLong(args[1]) : 10_000_000L;
    int reps = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    if (!Files.exists(file)) {
      Files.createDirectories(file.toAbsolutePath().getParent());
      long t0 = System.nanoTime();
      generate(file, ops);
      System.out.printf(
          Locale.ROOT, "generated %s in %.1f s%n", file, (System.nanoTime() - t0) / 1e9);
    }
    System.out.printf(Locale.ROOT, "file %s, %.0f MB%n", file, Files.size(file) / 1e6);
    double[] rates = new double[reps];
    double[] cpuRates = new double[reps];
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    for (int r = 0; r < reps; r++) {
      long cpu0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      History h = JsonlHistoryReader.read(file);
      long t1 = System.nanoTime();
      Result result = new NoLostWrites().check(h);
      long t2 = System.nanoTime();
      long cpu = os.getProcessCpuTime() - cpu0;
      rates[r] = h.size() / ((t2 - t0) / 1e9);
      cpuRates[r] = h.size() / (cpu / 1e9);
      System.out.printf(
          Locale.ROOT,
          "run %d: %d ops, parse %.2f s + check %.2f s = %.2f s wall (%.2f M ops/s);"
              + " %.2f s CPU, all threads (%.2f M ops/CPU-s); %s, lost=%s%n",
          r + 1,
          h.size(),
          (t1 - t0) / 1e9,
          (t2 - t1) / 1e9,
          (t2 - t0) / 1e9,
          rates[r] / 1e6,
          cpu / 1e9,
          cpuRates[r] / 1e6,
          result.validity().wireName(),
          result.stats().get("lost"));
    }
    System.out.printf(
        Locale.ROOT,
        "median %.2f M ops/s wall (min %.2f, max %.2f), %.2f M ops/CPU-s (min %.2f, max %.2f),"
            + " over %d runs%n",
        Medians.median(rates) / 1e6,
        Medians.min(rates) / 1e6,
        Medians.max(rates) / 1e6,
        Medians.median(cpuRates) / 1e6,
        Medians.min(cpuRates) / 1e6,
        Medians.max(cpuRates) / 1e6,
        reps);
  }

  /** Writes a set history of about this many ops. */
  static void generate(Path file, long ops) throws IOException {
    SplittableRandom random = new SplittableRandom(1);
    List<List<Long>> sets = new ArrayList<>();
    for (int k = 0; k < KEYS; k++) {
      sets.add(new ArrayList<>());
    }
    long index = 0;
    long element = 0;
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      while (index < ops - KEYS * 2L) {
        int p = random.nextInt(WORKERS);
        if (index % 20_000 < 2) {
          int k = random.nextInt(KEYS);
          line(w, index++, p, "invoke", "read", k, null);
          line(w, index++, p, "ok", "read", k, sets.get(k).toString().replace(" ", ""));
          continue;
        }
        int k = (int) (element % KEYS);
        long e = element++;
        line(w, index++, p, "invoke", "add", k, Long.toString(e));
        int outcome = random.nextInt(100);
        String type = outcome == 0 ? "info" : outcome == 1 ? "fail" : "ok";
        if (outcome != 1) {
          sets.get(k).add(e);
        }
        line(w, index++, p, type, "add", k, Long.toString(e));
      }
      for (int k = 0; k < KEYS; k++) {
        line(w, index++, 0, "invoke", "read", k, null);
        line(w, index++, 0, "ok", "read", k, sets.get(k).toString().replace(" ", ""));
      }
    }
  }

  private static void line(
      BufferedWriter w, long index, int p, String type, String f, int key, String value)
      throws IOException {
    w.write("{\"index\":");
    w.write(Long.toString(index));
    w.write(",\"time\":");
    w.write(Long.toString(index * 1000));
    w.write(",\"process\":");
    w.write(Integer.toString(p));
    w.write(",\"type\":\"");
    w.write(type);
    w.write("\",\"f\":\"");
    w.write(f);
    w.write("\",\"key\":\"k");
    w.write(Integer.toString(key));
    w.write('"');
    if (value != null) {
      w.write(",\"value\":");
      w.write(value);
    }
    w.write("}\n");
  }
}
