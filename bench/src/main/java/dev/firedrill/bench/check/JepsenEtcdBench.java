package dev.firedrill.bench.check;

import dev.firedrill.check.checker.Linearizable;
import dev.firedrill.check.checker.Result;
import dev.firedrill.check.checker.Validity;
import dev.firedrill.check.checker.linear.Budget;
import dev.firedrill.check.history.History;
import dev.firedrill.check.history.JsonlHistoryWriter;
import dev.firedrill.check.history.OpType;
import dev.firedrill.check.history.Operation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Linearizability on Jepsen's own etcd histories: the logs Porcupine keeps as {@code
 * test_data/jepsen/etcd_NNN.log} (see docs/benchmarks.md for how to obtain them; they are not in
 * this repository).
 *
 * <p>Each {@code .log} file of the directory is converted ({@link JepsenEtcdLog}) and checked with
 * {@link Linearizable} {@code cas-register} from nil, Jepsen's etcd test's initial value (the key
 * does not exist; Porcupine's etcd model starts from a stand-in for nil too). Warm: every history
 * is checked over and over for a few seconds, then each {@code reps} times; the harness prints, per
 * history, its size, crashed operations, our verdict, the verdict Porcupine's test expects, and the
 * median check time; then the median and the worst over all histories. Only the check is timed (as
 * in Porcupine's own benchmark, which parses outside the timer).
 *
 * <p>It also prints the verdict with nil reads taken strictly ("the key does not exist", as in
 * Porcupine's etcd model, encoded as reading a sentinel that is also the initial value) instead of
 * our documented convention (a nil read is accepted whatever the value, as in Knossos), to explain
 * disagreements.
 *
 * <p>Cold: writes the largest history (or the one named by {@code cold=etcd_NNN.log}) as JSONL to
 * {@code /tmp/firedrill-bench/} and runs {@link ColdCheck} on it in a fresh JVM, 5 times.
 *
 * <p>Usage: {@code JepsenEtcdBench <dir> [reps] [cold | cold=<file name>]} (reps: default 11).
 */
public final class JepsenEtcdBench {
  private static final Linearizable CHECKER =
      new Linearizable(
          Linearizable.Model.CAS_REGISTER, null, new Budget(Duration.ofSeconds(30), 1L << 30));
  private static final String SENTINEL = "nil (key absent)";
  private static final Linearizable STRICT_NIL =
      new Linearizable(
          Linearizable.Model.CAS_REGISTER, SENTINEL, new Budget(Duration.ofSeconds(30), 1L << 30));

  /**
   * The logs Porcupine's test ({@code porcupine_test.go}, {@code TestEtcdJepsenNNN}) expects to be
   * linearizable; it expects every other one of 000-102 not to be, except 095, which it does not
   * check (the etcd cluster failed to start).
   */
  static final Set<Integer> PORCUPINE_LINEARIZABLE =
      Set.of(
          2, 5, 7, 18, 25, 31, 38, 45, 48, 49, 51, 53, 56, 67, 75, 76, 80, 87, 92, 98, 100, 101,
          102);

  private static final Pattern NUMBER = Pattern.compile("etcd_(\\d{3})\\.log$");

  private JepsenEtcdBench() {}

  record Entry(String name, History history, History strictNil) {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println(
          "usage: JepsenEtcdBench <dir of etcd_NNN.log> [reps] [cold | cold=<file name>]");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    int reps = args.length > 1 && !args[1].startsWith("cold") ? Integer.parseInt(args[1]) : 11;
    String cold = null;
    for (String a : args) {
      if (a.equals("cold") || a.startsWith("cold=")) {
        cold = a.equals("cold") ? "" : a.substring("cold=".length());
      }
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".log")).sorted().toList();
    }
    List<Entry> entries = new ArrayList<>();
    for (Path f : files) {
      JepsenEtcdLog.Parsed parsed = JepsenEtcdLog.read(f);
      if (parsed.skipped() > 0) {
        System.out.printf(
            Locale.ROOT, "%s: %d non-operation lines skipped%n", f.getFileName(), parsed.skipped());
      }
      entries.add(
          new Entry(
              f.getFileName().toString(),
              parsed.history(),
              JepsenEtcdLog.nilAsValue(parsed.history(), SENTINEL)));
    }
    if (entries.isEmpty()) {
      System.err.println("no .log files in " + dir);
      System.exit(2);
    }

    // Warm-up: at least 3 s and 200 rounds over all histories.
    long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    for (int round = 0; round < 200 || System.nanoTime() < until; round++) {
      for (Entry e : entries) {
        CHECKER.check(e.history());
        STRICT_NIL.check(e.strictNil());
      }
    }

    System.out.println(
        "history        entries  ops crashed failed-cas | verdict  porcupine agree | nil-strict"
            + " | median ms (min-max)");
    double[] perHistory = new double[entries.size()];
    int agree = 0;
    int compared = 0;
    int agreeStrict = 0;
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      double[] times = new double[reps];
      Result result = null;
      for (int r = 0; r < reps; r++) {
        long t0 = System.nanoTime();
        result = CHECKER.check(e.history());
        times[r] = (System.nanoTime() - t0) / 1e6;
      }
      perHistory[i] = Medians.median(times);
      Validity strict = STRICT_NIL.check(e.strictNil()).validity();
      List<Operation> ops = e.history().clientOperations("read", "write", "cas");
      long crashed = ops.stream().filter(Operation::indeterminate).count();
      long failedCas =
          ops.stream().filter(o -> o.f().equals("cas") && o.outcome() == OpType.FAIL).count();
      Validity expected = expected(e.name());
      String agrees = "-";
      if (expected != null) {
        compared++;
        agree += result.validity() == expected ? 1 : 0;
        agreeStrict += strict == expected ? 1 : 0;
        agrees = result.validity() == expected ? "yes" : "NO";
      }
      System.out.printf(
          Locale.ROOT,
          "%-14s %7d %4d %7d %10d | %-8s %-9s %-5s | %-10s | %.3f (%.3f-%.3f)%n",
          e.name(),
          e.history().size(),
          ops.size(),
          crashed,
          failedCas,
          result.validity().wireName(),
          expected == null ? "?" : expected.wireName(),
          agrees,
          strict.wireName(),
          perHistory[i],
          Medians.min(times),
          Medians.max(times));
    }
    System.out.printf(
        Locale.ROOT,
        "%d histories, %d checks each: median %.3f ms per history, worst %.3f ms%n",
        entries.size(),
        reps,
        Medians.median(perHistory),
        Medians.max(perHistory));
    System.out.printf(
        Locale.ROOT,
        "verdicts agreeing with Porcupine's test: %d of %d (nil reads strict: %d of %d)%n",
        agree,
        compared,
        agreeStrict,
        compared);

    if (cold != null) {
      Entry largest = entries.getFirst();
      for (Entry e : entries) {
        if (cold.isEmpty()
            ? e.history().size() > largest.history().size()
            : e.name().equals(cold)) {
          largest = e;
        }
      }
      Path out = Files.createDirectories(Path.of("/tmp/firedrill-bench"));
      Path file = out.resolve("jepsen-" + largest.name().replace(".log", ".jsonl"));
      JsonlHistoryWriter.writeAll(file, largest.history().ops());
      double median = LinearizabilityBench.coldMedian(file, 5);
      System.out.printf(
          Locale.ROOT,
          "cold median %.0f ms wall for a fresh JVM reading and checking %s (%d entries)%n",
          median,
          largest.name(),
          largest.history().size());
    }
  }

  /** The verdict Porcupine's test expects for a log named etcd_NNN.log, or null if it has none. */
  static Validity expected(String name) {
    Matcher m = NUMBER.matcher(name);
    if (!m.find()) {
      return null;
    }
    int n = Integer.parseInt(m.group(1));
    if (n > 102 || n == 95) {
      return null;
    }
    return PORCUPINE_LINEARIZABLE.contains(n) ? Validity.VALID : Validity.INVALID;
  }
}
