package dev.firedrill.bench.check;

import dev.firedrill.check.checker.Linearizable;
import dev.firedrill.check.checker.Result;
import dev.firedrill.check.checker.Validity;
import dev.firedrill.check.checker.linear.Budget;
import dev.firedrill.check.checker.linear.RegisterHistory;
import dev.firedrill.check.checker.linear.RegisterOp;
import dev.firedrill.check.checker.linear.Search;
import dev.firedrill.check.checker.linear.SearchOutcome;
import dev.firedrill.check.checker.linear.SequentialSpec;
import dev.firedrill.check.checker.linear.StringKv;
import dev.firedrill.check.history.EdnHistoryReader;
import dev.firedrill.check.history.History;
import dev.firedrill.check.history.JsonlHistoryWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Linearizability of string kv histories (get, put, append per key), warm: the checker {@code
 * firedrill check --model string-kv} runs ({@code Linearizable}, keys side by side, appends pruned
 * by the next read), against two baselines measured in the same run on the same histories: the same
 * search with keys one after another, and the plain search (Wing and Gong with Lowe's cache, as
 * Porcupine's) with keys one after another and no pruning.
 *
 * <p>Usage: {@code StringKvBench [clients=50] [operations=2000] [keys=10] [histories=10] [reps=11]
 * [crash=0.0] [porcupine=DIR]}. With {@code porcupine=DIR}, also checks every {@code .txt} of
 * Porcupine's kv test logs in DIR (third-party data: fetch it yourself) and prints each verdict
 * beside the one its name promises ({@code -ok} or {@code -bad}).
 */
public final class StringKvBench {
  private static final Budget BUDGET = new Budget(Duration.ofSeconds(30), 1L << 30);
  private static final Linearizable CHECKER =
      new Linearizable(Linearizable.Model.STRING_KV, null, BUDGET);

  private StringKvBench() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new java.util.HashMap<>();
    for (String arg : args) {
      String[] kv = arg.split("=", 2);
      a.put(kv[0], kv.length > 1 ? kv[1] : "");
    }
    int clients = Integer.parseInt(a.getOrDefault("clients", "50"));
    int operations = Integer.parseInt(a.getOrDefault("operations", "2000"));
    int keys = Integer.parseInt(a.getOrDefault("keys", "10"));
    int histories = Integer.parseInt(a.getOrDefault("histories", "10"));
    int reps = Integer.parseInt(a.getOrDefault("reps", "11"));
    double crash = Double.parseDouble(a.getOrDefault("crash", "0.0"));
    int plainReps = Integer.parseInt(a.getOrDefault("plainReps", "3"));
    System.out.printf(
        Locale.ROOT,
        "load %s | %d clients, %d operations, %d keys, crash rate %.2f, %d histories x %d reps%n",
        load(),
        clients,
        operations,
        keys,
        crash,
        histories,
        reps);
    List<History> hs = new ArrayList<>();
    for (int i = 0; i < histories; i++) {
      hs.add(StringKvHistories.generate(i, clients, operations, keys, crash));
    }
    Path dir = Files.createDirectories(Path.of("/tmp/firedrill-bench"));
    Path sample = dir.resolve("string-kv-" + clients + "c-" + operations + "ops.jsonl");
    JsonlHistoryWriter.writeAll(sample, hs.getFirst().ops());
    System.out.println(
        "history 0 written to " + sample + " (" + hs.getFirst().size() + " entries)");

    Map<String, Function<History, Validity>> variants = new java.util.LinkedHashMap<>();
    variants.put("firedrill check (Linearizable)", h -> CHECKER.check(h).validity());
    variants.put("keys one after another, pruned", h -> byKey(h, true, false));
    variants.put("keys side by side, pruned", h -> byKey(h, true, true));
    variants.put("plain search, keys one after another", h -> byKey(h, false, false));
    // Warm every variant up, then measure them in turn, history by history and repetition by
    // repetition, so that the load other processes put on the machine falls on all alike. The
    // plain search takes seconds per history: fewer repetitions of it.
    List<String> names = new ArrayList<>(variants.keySet());
    for (String name : names) {
      warmUp(name.startsWith("plain") ? hs.subList(0, 1) : hs, variants.get(name));
    }
    double[][][] times = new double[names.size()][histories][reps];
    int[] notValid = new int[names.size()];
    for (int r = 0; r < reps; r++) {
      for (int i = 0; i < histories; i++) {
        for (int v = 0; v < names.size(); v++) {
          if (names.get(v).startsWith("plain") && r >= plainReps) {
            times[v][i][r] = Double.NaN;
            continue;
          }
          long t0 = System.nanoTime();
          Validity verdict = variants.get(names.get(v)).apply(hs.get(i));
          times[v][i][r] = (System.nanoTime() - t0) / 1e6;
          notValid[v] += verdict == Validity.VALID || r > 0 ? 0 : 1;
        }
      }
    }
    double firedrill = 0;
    for (int v = 0; v < names.size(); v++) {
      double[] perHistory = new double[histories];
      for (int i = 0; i < histories; i++) {
        perHistory[i] =
            Medians.median(
                java.util.Arrays.stream(times[v][i]).filter(t -> !Double.isNaN(t)).toArray());
      }
      double median = Medians.median(perHistory);
      firedrill = firedrill == 0 ? median : firedrill;
      System.out.printf(
          Locale.ROOT,
          "%-40s median %8.2f ms per history (%6.2fx), fastest %8.2f, slowest %8.2f, not valid"
              + " %d of %d%n",
          names.get(v),
          median,
          median / firedrill,
          Medians.min(perHistory),
          Medians.max(perHistory),
          notValid[v],
          histories);
    }
    if (a.containsKey("porcupine")) {
      porcupine(Path.of(a.get("porcupine")), reps);
    }
    System.out.println("load " + load());
  }

  /** At least 3 s and one round over every history before measuring. */
  private static void warmUp(List<History> hs, Function<History, Validity> check) {
    long end = System.nanoTime() + 3_000_000_000L;
    for (int round = 0; round < 1 || System.nanoTime() < end; round++) {
      hs.forEach(check::apply);
    }
  }

  /**
   * The search per key, with or without the prune by reads, keys one after another or all side by
   * side from the start.
   */
  private static Validity byKey(History h, boolean prune, boolean parallel) {
    RegisterHistory registers =
        RegisterHistory.of(h.clientOperations("get", "put", "append", "read", "write"), true, true);
    int init = registers.intern("");
    long deadline = BUDGET.deadline(System.nanoTime());
    Stream<List<RegisterOp>> keys = registers.registers().values().stream();
    return (parallel ? keys.parallel() : keys)
        .map(ops -> {
          StringKv kv = new StringKv(registers, ops);
          SequentialSpec spec = prune ? kv : new Unpruned(kv);
          return switch (new Search(ops, spec, init, deadline, BUDGET.cacheBytes()).run()) {
            case SearchOutcome.Linearized l -> Validity.VALID;
            case SearchOutcome.NotLinearizable n -> Validity.INVALID;
            case SearchOutcome.Exhausted e -> Validity.UNKNOWN;
          };
        })
        .reduce(Validity.VALID, Validity::and);
  }

  /** The string kv spec without its prune: the plain search. */
  private record Unpruned(StringKv kv) implements SequentialSpec {
    @Override
    public int step(int state, RegisterOp op) {
      return kv.step(state, op);
    }

    @Override
    public boolean supports(RegisterOp.Kind kind) {
      return kv.supports(kind);
    }

    @Override
    public long bytes() {
      return kv.bytes();
    }
  }

  private static void porcupine(Path dir, int reps) throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
    }
    List<History> hs = new ArrayList<>();
    for (Path f : files) {
      hs.add(EdnHistoryReader.read(f));
    }
    warmUp(hs, h -> CHECKER.check(h).validity());
    System.out.println("Porcupine's kv logs:");
    for (int i = 0; i < files.size(); i++) {
      double[] times = new double[reps];
      Result r = null;
      for (int k = 0; k < reps; k++) {
        long t0 = System.nanoTime();
        r = CHECKER.check(hs.get(i));
        times[k] = (System.nanoTime() - t0) / 1e6;
      }
      String name = files.get(i).getFileName().toString();
      System.out.printf(
          Locale.ROOT,
          "  %-14s %5d entries, %2s keys: %-7s (expected %-7s) median %8.2f ms%n",
          name,
          hs.get(i).size(),
          r.stats().get("registers"),
          r.validity().wireName(),
          name.contains("-ok") ? "valid" : "invalid",
          Medians.median(times));
    }
  }

  private static String load() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2] + " (1/5/15 min)";
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }
}
