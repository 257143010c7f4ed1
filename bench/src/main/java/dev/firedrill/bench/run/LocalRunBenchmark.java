package dev.firedrill.bench.run;

import com.sun.net.httpserver.HttpServer;
import dev.firedrill.check.history.JsonlHistoryReader;
import dev.firedrill.check.history.JsonlHistoryWriter;
import dev.firedrill.check.history.Op;
import dev.firedrill.check.history.OpType;
import dev.firedrill.engine.fault.FaultDriver;
import dev.firedrill.engine.fault.FaultLedger;
import dev.firedrill.engine.fault.Ledger;
import dev.firedrill.engine.fault.LedgerEntry;
import dev.firedrill.engine.model.FaultAction;
import dev.firedrill.engine.model.Pause;
import dev.firedrill.engine.model.RequestTemplate;
import dev.firedrill.engine.model.Workload;
import dev.firedrill.engine.model.WorkloadType;
import dev.firedrill.engine.plan.Plan;
import dev.firedrill.engine.plan.PlannedFault;
import dev.firedrill.engine.run.HistoryRecorder;
import dev.firedrill.engine.run.Nemesis;
import dev.firedrill.engine.run.NemesisEvent;
import dev.firedrill.engine.workload.Generator;
import dev.firedrill.engine.workload.Generators;
import dev.firedrill.engine.workload.OpenLoop;
import dev.firedrill.engine.workload.http.HttpOperationClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * How fast a local run records operations, and how punctually its nemesis acts, through the real
 * engine path: {@link OpenLoop} → {@link HttpOperationClient} (HTTP/1.1 over 127.0.0.1) → {@link
 * HistoryRecorder} → {@link JsonlHistoryWriter} (a JSONL file in a temporary directory, flushed per
 * line) → {@link Nemesis}.
 *
 * <p>The system under test is a JDK {@link HttpServer} in this same JVM on 127.0.0.1, answering
 * every request with 200 {@code {}} at once, on a pool of 4 platform threads. Client and server
 * share the machine's cores, as they do in a local drill.
 *
 * <p>Usage: {@code LocalRunBenchmark throughput [seconds] [rates...]} or {@code LocalRunBenchmark
 * lateness [repetitions] [rate] [platform|virtual]} or {@code LocalRunBenchmark writer
 * [repetitions]}.
 */
public final class LocalRunBenchmark {

  private static final int CONCURRENCY = 64;

  private LocalRunBenchmark() {}

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "throughput";
    try (TrivialServer server = new TrivialServer()) {
      switch (mode) {
        case "throughput" -> {
          int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
          double[] rates =
              args.length > 2
                  ? Arrays.stream(args, 2, args.length).mapToDouble(Double::parseDouble).toArray()
                  : new double[] {2_000, 5_000, 10_000, 15_000, 20_000};
          throughput(server, seconds, rates);
        }
        case "lateness" -> {
          int reps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
          double rate = args.length > 2 ? Double.parseDouble(args[2]) : 1_000;
          boolean virtual = !(args.length > 3 && args[3].equals("platform"));
          lateness(server, reps, rate, virtual);
        }
        case "writer" -> writer(args.length > 1 ? Integer.parseInt(args[1]) : 3);
        default -> throw new IllegalArgumentException("mode: throughput | lateness | writer");
      }
    }
  }

  // --- throughput -----------------------------------------------------------------------------

  private static void throughput(TrivialServer server, int seconds, double[] rates)
      throws Exception {
    System.out.println("warm-up: 3 s at 2000 ops/s (not reported)");
    drive(server, 2_000, Duration.ofSeconds(3), Faults.NONE);
    System.out.printf(
        "%-8s %10s %10s %10s %8s %8s %8s %s%n",
        "target", "recorded/s", "completed", "dropped", "fail+info", "p50 ms", "p99 ms", "load");
    for (double rate : rates) {
      Outcome r = drive(server, rate, Duration.ofSeconds(seconds), Faults.NONE);
      System.out.printf(
          "%-8.0f %10.0f %10d %10d %8d %8.2f %8.2f %s%n",
          rate,
          r.recordedPerSecond,
          r.completions,
          r.stats.dropped(),
          r.stats.fail() + r.stats.info(),
          r.p50Ms,
          r.p99Ms,
          loadAverage());
    }
  }

  // --- writer alone ---------------------------------------------------------------------------

  /**
   * The history writer without HTTP: 64 virtual threads each append 5,000 invoke/ok pairs (640,000
   * lines) to a fresh file as fast as they can; lines per second, per repetition.
   */
  private static void writer(int reps) throws Exception {
    for (int rep = 0; rep <= reps; rep++) {
      Path dir = Files.createTempDirectory("firedrill-bench-writer");
      Path file = dir.resolve("history.jsonl");
      long start = System.nanoTime();
      try (JsonlHistoryWriter w = JsonlHistoryWriter.open(file);
          ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int p = 0; p < CONCURRENCY; p++) {
          int process = p;
          threads.execute(() -> {
            for (int i = 0; i < 5_000; i++) {
              String trace = "0af7651916cd43dd8448eb211c80319c";
              w.append(
                  new Op(0, i, process, OpType.INVOKE, "write", "k1", "3", "run-1", trace, null));
              w.append(new Op(0, i, process, OpType.OK, "write", "k1", "3", "run-1", trace, null));
            }
          });
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long lines;
      try (var stream = Files.lines(file)) {
        lines = stream.count();
      }
      System.out.printf(
          "%s: %d lines in %.2f s = %.0f lines/s; load %s%n",
          rep == 0 ? "warm-up" : "rep " + rep, lines, seconds, lines / seconds, loadAverage());
      Files.delete(file);
      Files.delete(dir);
    }
  }

  // --- lateness -------------------------------------------------------------------------------

  private static void lateness(TrivialServer server, int reps, double rate, boolean virtual)
      throws Exception {
    System.out.printf(
        "plan: 100 faults x (inject + heal) = 200 steps over 20 s, 100 ms each; workload %.0f"
            + " ops/s, concurrency %d; nemesis on a %s thread%n",
        rate, CONCURRENCY, virtual ? "virtual" : "platform");
    nemesisOnVirtualThread = virtual;
    drive(server, rate, Duration.ofSeconds(3), Faults.NONE); // warm-up
    double[] p50 = new double[reps];
    double[] p99 = new double[reps];
    double[] max = new double[reps];
    for (int i = 0; i < reps; i++) {
      Outcome r = drive(server, rate, Duration.ofSeconds(21), Faults.MANY_SHORT);
      p50[i] = r.latenessMs[0];
      p99[i] = r.latenessMs[1];
      max[i] = r.latenessMs[2];
      System.out.printf(
          "rep %d: steps %d, lateness p50 %.2f ms, p99 %.2f ms, max %.2f ms; recorded %.0f/s,"
              + " dropped %d; load %s%n",
          i + 1,
          r.steps,
          p50[i],
          p99[i],
          max[i],
          r.recordedPerSecond,
          r.stats.dropped(),
          loadAverage());
    }
    System.out.printf(
        "median of %d: lateness p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
        reps, median(p50), median(p99), median(max));
  }

  /**
   * Where the nemesis runs: a virtual thread (as in the Executor, the default) or a platform one.
   */
  private static boolean nemesisOnVirtualThread;

  /** The fault plan of a measurement. */
  private enum Faults {
    NONE,
    MANY_SHORT
  }

  private static Plan manyShortFaults() {
    FaultAction noop = new Pause(List.of("noop"));
    List<PlannedFault> faults = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      Duration start = Duration.ofMillis(200L * i);
      faults.add(
          new PlannedFault(
              "blip", i, start, start.plusMillis(100), noop, List.of("noop"), (long) i));
    }
    return new Plan(1, Duration.ofSeconds(21), Duration.ZERO, faults);
  }

  /** What one measurement found. */
  private record Outcome(
      OpenLoop.Stats stats,
      long completions,
      double recordedPerSecond,
      double p50Ms,
      double p99Ms,
      int steps,
      double[] latenessMs) {}

  private static Outcome drive(TrivialServer server, double rate, Duration duration, Faults which)
      throws Exception {
    Path dir = Files.createTempDirectory("firedrill-bench-run");
    Path file = dir.resolve("history.jsonl");
    Workload workload = workload(server.baseUrl(), rate);
    Generator generator = Generators.of(workload, "bench");
    Plan plan = which == Faults.MANY_SHORT ? manyShortFaults() : null;
    List<NemesisEvent> events = java.util.Collections.synchronizedList(new ArrayList<>());
    long begin = System.nanoTime();
    OpenLoop.Stats stats;
    double elapsedSeconds;
    try (JsonlHistoryWriter writer = JsonlHistoryWriter.open(file);
        HttpOperationClient http =
            new HttpOperationClient(workload.baseUrl(), Duration.ofSeconds(2))) {
      HistoryRecorder recorder = new HistoryRecorder(writer, workload.type(), begin);
      Nemesis nemesis =
          new Nemesis(
              List.of(new NoopDriver()),
              new Ledger(FaultLedger.NONE, InstantSource.system()),
              recorder::nemesis,
              begin);
      long start = System.nanoTime();
      Thread nemesisThread = null;
      if (plan != null) {
        Runnable run = () -> events.addAll(nemesis.run(plan, start));
        nemesisThread =
            nemesisOnVirtualThread
                ? Thread.ofVirtual().name("nemesis").start(run)
                : Thread.ofPlatform().name("nemesis").start(run);
      }
      OpenLoop loop =
          new OpenLoop(
              generator,
              (inv, p) ->
                  http.send(
                      workload.operations().get(inv.operation()), inv.bindings(), inv.traceId()),
              recorder,
              7);
      stats = loop.run(rate, CONCURRENCY, duration, Duration.ofSeconds(4), () -> false);
      elapsedSeconds = (System.nanoTime() - start) / 1e9;
      if (nemesisThread != null) {
        nemesis.stop();
        nemesisThread.join(Duration.ofSeconds(10));
      }
    }
    Outcome o = analyse(file, stats, elapsedSeconds, events);
    Files.delete(file);
    Files.delete(dir);
    return o;
  }

  private static Outcome analyse(
      Path file, OpenLoop.Stats stats, double elapsedSeconds, List<NemesisEvent> events)
      throws IOException {
    List<Op> ops = JsonlHistoryReader.read(file).ops();
    Map<Integer, Long> open = new java.util.HashMap<>();
    long[] latencies = new long[ops.size()];
    int n = 0;
    long completions = 0;
    for (Op op : ops) {
      if (op.isNemesis()) {
        continue;
      }
      if (op.type() == OpType.INVOKE) {
        open.put(op.process(), op.time());
      } else {
        completions++;
        Long invokedAt = open.remove(op.process());
        if (invokedAt != null) {
          latencies[n++] = op.time() - invokedAt;
        }
      }
    }
    long[] sorted = Arrays.copyOf(latencies, n);
    Arrays.sort(sorted);
    double[] lateness =
        events.stream().mapToDouble(e -> e.lateness().toNanos() / 1e6).sorted().toArray();
    return new Outcome(
        stats,
        completions,
        completions / elapsedSeconds,
        percentile(sorted, 0.50) / 1e6,
        percentile(sorted, 0.99) / 1e6,
        lateness.length,
        lateness.length == 0
            ? new double[] {Double.NaN, Double.NaN, Double.NaN}
            : new double[] {
              percentile(lateness, 0.50), percentile(lateness, 0.99), lateness[lateness.length - 1]
            });
  }

  private static Workload workload(String baseUrl, double rate) {
    RequestTemplate write =
        new RequestTemplate(
            "POST",
            null,
            "/kv/{{key}}",
            null,
            null,
            "{\"value\": \"{{value}}\"}",
            null,
            null,
            null);
    RequestTemplate read =
        new RequestTemplate("GET", null, "/kv/{{key}}", null, null, null, null, null, null);
    return new Workload(
        WorkloadType.KV,
        baseUrl,
        rate,
        CONCURRENCY,
        "10s",
        "2s",
        5,
        null,
        Map.of("write", write, "read", read));
  }

  private static double percentile(long[] sorted, double q) {
    return sorted.length == 0
        ? Double.NaN
        : sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
  }

  private static double percentile(double[] sorted, double q) {
    return sorted[Math.min(sorted.length - 1, Math.max(0, (int) Math.ceil(q * sorted.length) - 1))];
  }

  private static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException e) {
      return "?";
    }
  }

  /** A driver that acts on nothing: the nemesis's own timing is what is measured. */
  private static final class NoopDriver implements FaultDriver {
    @Override
    public String kind() {
      return "noop";
    }

    @Override
    public boolean handles(PlannedFault fault) {
      return true;
    }

    @Override
    public List<LedgerEntry> prepare(PlannedFault fault) {
      return List.of(
          LedgerEntry.planned(fault.id(), fault.action().kind(), kind(), "none", Map.of(), null));
    }

    @Override
    public String inject(PlannedFault fault, LedgerEntry target) {
      return "noop";
    }

    @Override
    public void heal(LedgerEntry entry) {}
  }

  /** 200 {@code {}} at once for every request, on 127.0.0.1, in this JVM. */
  private static final class TrivialServer implements AutoCloseable {
    private static final byte[] BODY = "{}".getBytes(StandardCharsets.UTF_8);
    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    TrivialServer() throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
      server.createContext(
          "/",
          exchange -> {
            try (exchange) {
              exchange.getRequestBody().readAllBytes();
              exchange.getResponseHeaders().set("Content-Type", "application/json");
              exchange.sendResponseHeaders(200, BODY.length);
              try (OutputStream out = exchange.getResponseBody()) {
                out.write(BODY);
              }
            }
          });
      server.setExecutor(pool);
      server.start();
    }

    String baseUrl() {
      return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
      server.stop(0);
      pool.shutdownNow();
    }
  }
}
