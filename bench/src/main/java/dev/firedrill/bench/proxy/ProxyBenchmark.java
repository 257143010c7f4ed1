package dev.firedrill.bench.proxy;

import dev.firedrill.proxy.ToxiproxyServer;
import dev.firedrill.proxy.link.LinkRuntime;
import dev.firedrill.proxy.link.ProxyRegistry.ProxyInput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The embedded proxy against a direct connection on loopback and, given the path of a Toxiproxy
 * server binary, against Toxiproxy itself, all in the same run. Within every repetition each
 * workload alternates the targets in {@value #SLICES} short slices (the order rotating from slice
 * to slice), so that the load of a shared machine hits all of them alike. CPU per round trip counts
 * every process of the path: this JVM (clients, upstreams, the embedded proxy) plus the Toxiproxy
 * process. Prints a Markdown table of medians over the repetitions ({@link BenchReport}).
 *
 * <pre>
 * java [-Dfiredrill.proxy.loops=N] -cp ... dev.firedrill.bench.proxy.ProxyBenchmark \
 *     [repetitions=5] [platform|virtual|nio|nio:LOOPS[,...]] [path/to/toxiproxy-server]
 * </pre>
 *
 * Several data-path models, comma-separated, are measured side by side, one embedded server each;
 * {@code nio} has one event loop per CPU, {@code nio:N} has N.
 */
public final class ProxyBenchmark {
  static final int SLICES = 5;
  private static final int ROUNDS_ONE = 4_000;
  private static final int ROUNDS_MANY = 1_000;
  private static final long BULK_WARMUP_MILLIS = 100;
  private static final long BULK_MILLIS = 400;

  /** Where a workload connects: its echo and source ports through this target. */
  record Target(String name, int echo, int source) {}

  /**
   * One target's figures in one repetition: latencies in nanoseconds, CPU in nanoseconds per round
   * trip, bulk in bytes per second.
   */
  record Figures(
      Workloads.Latency one,
      Workloads.Latency many,
      double cpuOne,
      double cpuMany,
      double bulk1,
      double bulk8) {}

  private ProxyBenchmark() {}

  public static void main(String[] args) throws Exception {
    int reps = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    List<String> models = List.of((args.length > 1 ? args[1] : "platform").split(","));
    Path toxiproxyBinary = args.length > 2 ? Path.of(args[2]) : null;
    List<Figures[]> results = new ArrayList<>();
    String toxiproxyVersion = null;
    List<String> names = new ArrayList<>();
    List<ToxiproxyServer> servers = new ArrayList<>();
    try (BenchUpstream echo = new BenchUpstream(BenchUpstream.Mode.ECHO);
        BenchUpstream source = new BenchUpstream(BenchUpstream.Mode.SOURCE);
        ToxiproxyProcess toxiproxy =
            toxiproxyBinary == null ? null : ToxiproxyProcess.start(toxiproxyBinary)) {
      List<Target> targets = new ArrayList<>();
      targets.add(new Target("direct", echo.port(), source.port()));
      for (String model : models) {
        ToxiproxyServer server = start(model);
        servers.add(server);
        targets.add(
            new Target(
                "embedded, " + model,
                proxyPort(server, "echo", echo.address()),
                proxyPort(server, "source", source.address())));
      }
      if (toxiproxy != null) {
        toxiproxyVersion = toxiproxy.version().trim();
        targets.add(
            new Target(
                "Toxiproxy " + toxiproxyVersion.replaceAll("[^0-9.]", ""),
                toxiproxy.proxy("echo", echo.address()),
                toxiproxy.proxy("source", source.address())));
      }
      targets.forEach(target -> names.add(target.name()));
      CpuClock cpu = new CpuClock(toxiproxy == null ? 0 : toxiproxy.pid());
      for (int rep = 0; rep < reps; rep++) {
        results.add(repetition(targets, cpu));
        System.err.printf("repetition %d/%d done%n", rep + 1, reps);
      }
    } finally {
      servers.forEach(ToxiproxyServer::close);
    }
    new BenchReport(results, names, toxiproxyVersion != null).print(System.out);
  }

  /** {@code platform}, {@code virtual}, {@code nio} (one loop per CPU) or {@code nio:N}. */
  static ToxiproxyServer start(String model) throws java.io.IOException {
    String[] kindAndLoops = model.split(":");
    LinkRuntime.Threads kind =
        LinkRuntime.Threads.valueOf(kindAndLoops[0].toUpperCase(Locale.ROOT));
    return kindAndLoops.length == 1
        ? ToxiproxyServer.start("127.0.0.1", 0, kind)
        : ToxiproxyServer.start("127.0.0.1", 0, kind, Integer.parseInt(kindAndLoops[1]));
  }

  private static Figures[] repetition(List<Target> targets, CpuClock cpu) throws Exception {
    Sampled[] one = pingPong(targets, cpu, 1, ROUNDS_ONE);
    Sampled[] many = pingPong(targets, cpu, 32, ROUNDS_MANY);
    double[] bulk1 = bulk(targets, 1);
    double[] bulk8 = bulk(targets, 8);
    Figures[] figures = new Figures[targets.size()];
    for (int t = 0; t < figures.length; t++) {
      figures[t] =
          new Figures(
              Workloads.Latency.of(one[t].samples()),
              Workloads.Latency.of(many[t].samples()),
              one[t].cpuPerRoundTrip(),
              many[t].cpuPerRoundTrip(),
              bulk1[t],
              bulk8[t]);
    }
    return figures;
  }

  /** Round-trip samples of one target, and the CPU they cost. */
  record Sampled(long[] samples, long cpuNanos, long roundTrips) {
    double cpuPerRoundTrip() {
      return (double) cpuNanos / roundTrips;
    }
  }

  /** Samples every target, alternating slices. */
  private static Sampled[] pingPong(List<Target> targets, CpuClock cpu, int connections, int rounds)
      throws Exception {
    int n = targets.size();
    List<List<long[]>> samples = new ArrayList<>();
    long[] cpuNanos = new long[n];
    for (int t = 0; t < n; t++) {
      samples.add(new ArrayList<>());
    }
    int warmup = rounds / 4;
    for (int slice = 0; slice < SLICES; slice++) {
      for (int i = 0; i < n; i++) {
        int t = (i + slice) % n;
        long before = cpu.now();
        samples.get(t).add(Workloads.pingPong(targets.get(t).echo(), connections, warmup, rounds));
        cpuNanos[t] += cpu.now() - before;
      }
    }
    Sampled[] sampled = new Sampled[n];
    for (int t = 0; t < n; t++) {
      long[] all = samples.get(t).stream().flatMapToLong(java.util.Arrays::stream).toArray();
      sampled[t] = new Sampled(all, cpuNanos[t], (long) SLICES * connections * (warmup + rounds));
    }
    return sampled;
  }

  /** Bytes per second of every target, alternating slices. */
  private static double[] bulk(List<Target> targets, int connections) throws Exception {
    int n = targets.size();
    long[] bytes = new long[n];
    for (int slice = 0; slice < SLICES; slice++) {
      for (int i = 0; i < n; i++) {
        int t = (i + slice) % n;
        bytes[t] +=
            Workloads.bulk(targets.get(t).source(), connections, BULK_WARMUP_MILLIS, BULK_MILLIS);
      }
    }
    double seconds = SLICES * BULK_MILLIS / 1000.0;
    double[] rates = new double[n];
    for (int t = 0; t < n; t++) {
      rates[t] = bytes[t] / seconds;
    }
    return rates;
  }

  private static int proxyPort(ToxiproxyServer server, String name, String upstream)
      throws Exception {
    String listen =
        server.proxies().add(new ProxyInput(name, "127.0.0.1:0", upstream, true)).listen();
    return Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
  }
}
