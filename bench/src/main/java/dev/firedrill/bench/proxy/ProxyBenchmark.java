package dev.firedrill.bench.proxy;

import dev.firedrill.proxy.ToxiproxyServer;
import dev.firedrill.proxy.link.LinkRuntime;
import dev.firedrill.proxy.link.ProxyRegistry.ProxyInput;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The embedded proxy against a direct connection on loopback, in the same run. Within every
 * repetition each workload alternates direct and proxy in {@value #SLICES} short slices, so that
 * the load of a shared machine hits both alike. Prints a Markdown table of medians over the
 * repetitions.
 *
 * <pre>
 * java [-Dfiredrill.proxy.loops=N] -cp ... dev.firedrill.bench.proxy.ProxyBenchmark [repetitions=5] [platform|virtual|nio]
 * </pre>
 */
public final class ProxyBenchmark {
  private static final int SLICES = 5;
  private static final int ROUNDS_ONE = 4_000;
  private static final int ROUNDS_MANY = 1_000;
  private static final long BULK_WARMUP_MILLIS = 100;
  private static final long BULK_MILLIS = 400;

  /** One repetition's figures: nanoseconds for latency, bytes per second for bulk. */
  record Rep(
      Workloads.Latency direct1,
      Workloads.Latency proxy1,
      Workloads.Latency direct32,
      Workloads.Latency proxy32,
      double directBulk1,
      double proxyBulk1,
      double directBulk8,
      double proxyBulk8) {}

  /** Ports of the upstreams, directly and through the proxy. */
  record Ports(int echo, int echoProxy, int source, int sourceProxy) {}

  private ProxyBenchmark() {}

  public static void main(String[] args) throws Exception {
    int reps = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    LinkRuntime.Threads threads =
        args.length > 1
            ? LinkRuntime.Threads.valueOf(args[1].toUpperCase(Locale.ROOT))
            : LinkRuntime.Threads.PLATFORM;
    List<Rep> results = new ArrayList<>();
    try (BenchUpstream echo = new BenchUpstream(BenchUpstream.Mode.ECHO);
        BenchUpstream source = new BenchUpstream(BenchUpstream.Mode.SOURCE);
        ToxiproxyServer server = ToxiproxyServer.start("127.0.0.1", 0, threads)) {
      Ports ports =
          new Ports(
              echo.port(),
              proxyPort(server, "echo", echo.address()),
              source.port(),
              proxyPort(server, "source", source.address()));
      for (int rep = 0; rep < reps; rep++) {
        results.add(repetition(ports));
        System.err.printf("repetition %d/%d done%n", rep + 1, reps);
      }
    }
    print(results, threads, reps);
  }

  private static Rep repetition(Ports p) throws Exception {
    long[][] one = pingPong(p, 1, ROUNDS_ONE);
    long[][] many = pingPong(p, 32, ROUNDS_MANY);
    double[] bulk1 = bulk(p, 1);
    double[] bulk8 = bulk(p, 8);
    return new Rep(
        Workloads.Latency.of(one[0]),
        Workloads.Latency.of(one[1]),
        Workloads.Latency.of(many[0]),
        Workloads.Latency.of(many[1]),
        bulk1[0],
        bulk1[1],
        bulk8[0],
        bulk8[1]);
  }

  /** Samples direct ([0]) and through the proxy ([1]), alternating slices. */
  private static long[][] pingPong(Ports p, int connections, int rounds) throws Exception {
    long[] direct = new long[0];
    long[] proxy = new long[0];
    for (int slice = 0; slice < SLICES; slice++) {
      direct = concat(direct, Workloads.pingPong(p.echo(), connections, rounds / 4, rounds));
      proxy = concat(proxy, Workloads.pingPong(p.echoProxy(), connections, rounds / 4, rounds));
    }
    return new long[][] {direct, proxy};
  }

  /** Bytes per second direct ([0]) and through the proxy ([1]), alternating slices. */
  private static double[] bulk(Ports p, int connections) throws Exception {
    long direct = 0;
    long proxy = 0;
    for (int slice = 0; slice < SLICES; slice++) {
      direct += Workloads.bulk(p.source(), connections, BULK_WARMUP_MILLIS, BULK_MILLIS);
      proxy += Workloads.bulk(p.sourceProxy(), connections, BULK_WARMUP_MILLIS, BULK_MILLIS);
    }
    double seconds = SLICES * BULK_MILLIS / 1000.0;
    return new double[] {direct / seconds, proxy / seconds};
  }

  private static long[] concat(long[] a, long[] b) {
    long[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  private static int proxyPort(ToxiproxyServer server, String name, String upstream)
      throws Exception {
    String listen =
        server.proxies().add(new ProxyInput(name, "127.0.0.1:0", upstream, true)).listen();
    return Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
  }

  private static void print(List<Rep> r, LinkRuntime.Threads threads, int reps) {
    System.out.printf(
        "%nEmbedded proxy vs direct, %s threads, medians of %d repetitions (JDK %s, %d CPUs)%n%n",
        threads == LinkRuntime.Threads.NIO
            ? "nio (" + System.getProperty("firedrill.proxy.loops", "default") + " loops)"
            : threads.name().toLowerCase(Locale.ROOT),
        reps,
        Runtime.version(),
        Runtime.getRuntime().availableProcessors());
    System.out.println("| workload | direct | proxy | added by the proxy |");
    System.out.println("|---|---|---|---|");
    latencyRow(r, "ping-pong, 1 connection, p50", x -> x.direct1().p50(), x -> x.proxy1().p50());
    latencyRow(r, "ping-pong, 1 connection, p99", x -> x.direct1().p99(), x -> x.proxy1().p99());
    latencyRow(
        r, "ping-pong, 32 connections, p50", x -> x.direct32().p50(), x -> x.proxy32().p50());
    latencyRow(
        r, "ping-pong, 32 connections, p99", x -> x.direct32().p99(), x -> x.proxy32().p99());
    bulkRow(r, "bulk, 1 connection", Rep::directBulk1, Rep::proxyBulk1);
    bulkRow(r, "bulk, 8 connections", Rep::directBulk8, Rep::proxyBulk8);
  }

  private static void latencyRow(
      List<Rep> reps, String name, ToDoubleFunction<Rep> direct, ToDoubleFunction<Rep> proxy) {
    System.out.printf(
        "| %s | %.1f µs | %.1f µs | %+.1f µs |%n",
        name,
        median(reps, direct) / 1000,
        median(reps, proxy) / 1000,
        median(reps, x -> proxy.applyAsDouble(x) - direct.applyAsDouble(x)) / 1000);
  }

  private static void bulkRow(
      List<Rep> reps, String name, ToDoubleFunction<Rep> direct, ToDoubleFunction<Rep> proxy) {
    System.out.printf(
        "| %s | %.2f GB/s | %.2f GB/s | %.0f%% of direct |%n",
        name,
        median(reps, direct) / 1e9,
        median(reps, proxy) / 1e9,
        100 * median(reps, x -> proxy.applyAsDouble(x) / direct.applyAsDouble(x)));
  }

  private static double median(List<Rep> reps, ToDoubleFunction<Rep> value) {
    double[] values = reps.stream().mapToDouble(value).sorted().toArray();
    int mid = values.length / 2;
    return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  }
}
