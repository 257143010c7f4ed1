package dev.firedrill.bench.proxy;

import dev.firedrill.proxy.ToxiproxyServer;
import dev.firedrill.proxy.link.ProxyRegistry.ProxyInput;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where the CPU goes in ping-pong: CPU time per round trip, split into user and system time of this
 * JVM (clients, upstreams, the embedded proxy) and of the Toxiproxy process when one is given, for
 * direct connections, each embedded data-path model and Toxiproxy, alternated {@value #PAIRS}
 * times. "loops" is the part spent by event-loop threads ({@code proxy-loop-*}; 0 with pumps, whose
 * threads end with their connections).
 *
 * <pre>
 * java -cp ... dev.firedrill.bench.proxy.ProxyCpuProbe [platform|virtual|nio|nio:N[,...]] [connections=32]
 *     [path/to/toxiproxy-server]
 * </pre>
 */
public final class ProxyCpuProbe {
  private static final int PAIRS = 4;
  private static final int ROUNDS = 2_000;

  private ProxyCpuProbe() {}

  public static void main(String[] args) throws Exception {
    int connections = args.length > 1 ? Integer.parseInt(args[1]) : 32;
    Path binary = args.length > 2 ? Path.of(args[2]) : null;
    List<ToxiproxyServer> servers = new ArrayList<>();
    try (BenchUpstream echo = new BenchUpstream(BenchUpstream.Mode.ECHO);
        ToxiproxyProcess toxiproxy = binary == null ? null : ToxiproxyProcess.start(binary)) {
      List<String> names = new ArrayList<>(List.of("direct"));
      List<Integer> ports = new ArrayList<>(List.of(echo.port()));
      for (String model : (args.length > 0 ? args[0] : "nio").split(",")) {
        ToxiproxyServer server = ProxyBenchmark.start(model);
        servers.add(server);
        String listen =
            server
                .proxies()
                .add(new ProxyInput("echo", "127.0.0.1:0", echo.address(), true))
                .listen();
        names.add(model);
        ports.add(Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1)));
      }
      if (toxiproxy != null) {
        names.add("toxiproxy");
        ports.add(toxiproxy.proxy("echo", echo.address()));
      }
      CpuClock cpu = new CpuClock(toxiproxy == null ? 0 : toxiproxy.pid());
      for (int pair = 0; pair < PAIRS; pair++) {
        for (int t = 0; t < names.size(); t++) {
          measure(names.get(t), ports.get(t), connections, cpu);
        }
      }
    } finally {
      servers.forEach(ToxiproxyServer::close);
    }
  }

  private static void measure(String what, int port, int connections, CpuClock cpu)
      throws Exception {
    CpuClock.Reading before = cpu.read();
    long loops = loopCpu();
    long[] samples = Workloads.pingPong(port, connections, ROUNDS / 4, ROUNDS);
    CpuClock.Reading spent = cpu.read().minus(before);
    double n = (double) connections * (ROUNDS / 4 + ROUNDS);
    Arrays.sort(samples);
    System.out.printf(
        "%-9s p50 %4.0f µs; CPU per round trip %5.1f µs: JVM user %4.1f + system %4.1f,"
            + " Toxiproxy user %4.1f + system %4.1f; loops %4.1f%n",
        what,
        samples[samples.length / 2] / 1e3,
        spent.total() / n / 1e3,
        spent.jvmUser() / n / 1e3,
        spent.jvmSystem() / n / 1e3,
        spent.childUser() / n / 1e3,
        spent.childSystem() / n / 1e3,
        (loopCpu() - loops) / n / 1e3);
  }

  private static long loopCpu() {
    var mx = ManagementFactory.getThreadMXBean();
    long total = 0;
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().startsWith("proxy-loop-")) {
        total += Math.max(0, mx.getThreadCpuTime(thread.threadId()));
      }
    }
    return total;
  }
}
