package dev.firedrill.bench.proxy;

import com.sun.management.OperatingSystemMXBean;
import dev.firedrill.proxy.ToxiproxyServer;
import dev.firedrill.proxy.link.LinkRuntime;
import dev.firedrill.proxy.link.ProxyRegistry.ProxyInput;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;

/**
 * Where the CPU goes in ping-pong: the process's CPU time per round trip, direct and through the
 * proxy, and the part of it spent by the event-loop threads (named {@code proxy-loop-*}; with the
 * pumps that figure is 0, since pump threads end with their connections). Alternates direct and
 * proxy {@value #PAIRS} times.
 *
 * <pre>
 * java -cp ... dev.firedrill.bench.proxy.ProxyCpuProbe [platform|virtual|nio] [connections=32]
 * </pre>
 */
public final class ProxyCpuProbe {
  private static final int PAIRS = 4;
  private static final int ROUNDS = 2_000;

  private ProxyCpuProbe() {}

  public static void main(String[] args) throws Exception {
    LinkRuntime.Threads threads =
        LinkRuntime.Threads.valueOf(args.length > 0 ? args[0].toUpperCase(Locale.ROOT) : "NIO");
    int connections = args.length > 1 ? Integer.parseInt(args[1]) : 32;
    try (BenchUpstream echo = new BenchUpstream(BenchUpstream.Mode.ECHO);
        ToxiproxyServer server = ToxiproxyServer.start("127.0.0.1", 0, threads)) {
      String listen =
          server
              .proxies()
              .add(new ProxyInput("echo", "127.0.0.1:0", echo.address(), true))
              .listen();
      int proxyPort = Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
      for (int pair = 0; pair < PAIRS; pair++) {
        for (int port : new int[] {echo.port(), proxyPort}) {
          measure(port == proxyPort ? "proxy " : "direct", port, connections);
        }
      }
    }
  }

  private static void measure(String what, int port, int connections) throws Exception {
    long process = processCpu();
    long loops = loopCpu();
    long wall = System.nanoTime();
    long[] samples = Workloads.pingPong(port, connections, ROUNDS / 4, ROUNDS);
    wall = System.nanoTime() - wall;
    double n = samples.length;
    Arrays.sort(samples);
    System.out.printf(
        "%s p50 %.0f µs; CPU per round trip: process %.1f µs, event loops %.1f µs%n",
        what,
        samples[samples.length / 2] / 1e3,
        (processCpu() - process) / n / 1e3,
        (loopCpu() - loops) / n / 1e3);
  }

  private static long processCpu() {
    return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
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
