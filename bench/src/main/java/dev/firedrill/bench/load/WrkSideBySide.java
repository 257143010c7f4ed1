package dev.firedrill.bench.load;

import dev.firedrill.check.history.JsonlHistoryReader;
import dev.firedrill.check.history.JsonlHistoryWriter;
import dev.firedrill.check.history.Op;
import dev.firedrill.check.history.OpType;
import dev.firedrill.engine.model.RequestTemplate;
import dev.firedrill.engine.model.Workload;
import dev.firedrill.engine.model.WorkloadType;
import dev.firedrill.engine.run.HistoryRecorder;
import dev.firedrill.engine.workload.Generator;
import dev.firedrill.engine.workload.Generators;
import dev.firedrill.engine.workload.OpenLoop;
import dev.firedrill.engine.workload.http.HttpOperationClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Firedrill's workload side by side with wrk against the same nginx, in one run (issue: A workload
 * that drives real load). Starts Debian's nginx-light (one worker, {@code return 200 '{"ids":[]}'})
 * on a free loopback port; runs {@code wrk -t1 -c64 -d<s>s --latency}; then drives a {@code set}
 * workload through the engine's real path ({@link OpenLoop} → {@link HttpOperationClient} → {@link
 * HistoryRecorder} → a flushed JSONL history) at the given rate with 64 clients for the same time,
 * after a warm-up that is not measured; and prints recorded ops/s ÷ wrk's requests/s, and both p99
 * latencies.
 *
 * <p>Usage: {@code WrkSideBySide [seconds] [rate]} (default 10 s, 40000/s).
 */
public final class WrkSideBySide {

  private static final int CONNECTIONS = 64;

  private WrkSideBySide() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    double rate = args.length > 1 ? Double.parseDouble(args[1]) : 40_000;
    Path dir = Files.createTempDirectory("firedrill-wrk");
    int port = freePort();
    Process nginx = startNginx(dir, port);
    try {
      String url = "http://127.0.0.1:" + port;
      System.out.printf(Locale.ROOT, "nginx %s, one worker; load before: %s%n", url, loadAverage());
      double[] wrk = wrk(url, seconds);
      System.out.printf(
          Locale.ROOT,
          "wrk -t1 -c%d -d%ds: %.0f requests/s, p99 %.2f ms%n",
          CONNECTIONS,
          seconds,
          wrk[0],
          wrk[1]);
      drive(url, 2_000, 3, dir.resolve("warmup.jsonl")); // JIT warm-up, not reported
      double[] ours = drive(url, rate, seconds, dir.resolve("history.jsonl"));
      System.out.printf(
          Locale.ROOT,
          "firedrill set workload, rate %.0f, concurrency %d, %ds: %.0f recorded ops/s"
              + " (%.0f dropped arrivals), p99 %.2f ms%n",
          rate,
          CONNECTIONS,
          seconds,
          ours[0],
          ours[2],
          ours[1]);
      System.out.printf(
          Locale.ROOT,
          "ratio recorded ops/s / wrk requests/s: %.3f; p99 ratio %.2f; load after: %s%n",
          ours[0] / wrk[0],
          ours[1] / wrk[1],
          loadAverage());
    } finally {
      nginx.destroy();
      nginx.waitFor(10, TimeUnit.SECONDS);
      try (var files = Files.walk(dir)) {
        for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static Process startNginx(Path dir, int port) throws Exception {
    Files.createDirectories(dir.resolve("tmp"));
    String conf =
        """
        worker_processes 1;
        daemon off;
        pid %1$s/nginx.pid;
        error_log %1$s/error.log;
        events { worker_connections 4096; }
        http {
          access_log off;
          client_body_temp_path %1$s/tmp/body;
          proxy_temp_path %1$s/tmp/proxy;
          fastcgi_temp_path %1$s/tmp/fastcgi;
          uwsgi_temp_path %1$s/tmp/uwsgi;
          scgi_temp_path %1$s/tmp/scgi;
          keepalive_requests 1000000;
          server {
            listen 127.0.0.1:%2$d;
            location / { default_type application/json; return 200 '{"ids":[]}'; }
          }
        }
        """
            .formatted(dir, port);
    Path file = Files.writeString(dir.resolve("nginx.conf"), conf);
    Process p =
        new ProcessBuilder(
                "nginx",
                "-p",
                dir.toString(),
                "-c",
                file.toString(),
                "-e",
                dir.resolve("error.log").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("nginx.out").toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        return p;
      } catch (IOException notYet) {
        if (!p.isAlive()) {
          throw new IOException(
              "nginx exited: " + Files.readString(dir.resolve("nginx.out")).strip());
        }
        Thread.sleep(50);
      }
    }
    p.destroy();
    throw new IOException("nginx did not listen on " + port + " within 10 s");
  }

  /** wrk's requests/s and p99 latency in ms. */
  private static double[] wrk(String url, int seconds) throws Exception {
    Process p =
        new ProcessBuilder(
                "wrk", "-t1", "-c" + CONNECTIONS, "-d" + seconds + "s", "--latency", url + "/")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException("wrk failed: " + out);
    }
    Matcher rps = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(out);
    Matcher p99 = Pattern.compile("\\s99%\\s+([0-9.]+)(us|ms|s)").matcher(out);
    if (!rps.find() || !p99.find()) {
      throw new IOException("cannot read wrk's output: " + out);
    }
    double scale =
        switch (p99.group(2)) {
          case "us" -> 1e-3;
          case "s" -> 1e3;
          default -> 1;
        };
    return new double[] {
      Double.parseDouble(rps.group(1)), Double.parseDouble(p99.group(1)) * scale
    };
  }

  /** Recorded ops/s, p99 ms (from the history's invoke/completion pairs), dropped arrivals. */
  private static double[] drive(String url, double rate, int seconds, Path file) throws Exception {
    RequestTemplate add =
        new RequestTemplate("POST", null, "/set", null, null, "{{value}}", null, null, null);
    RequestTemplate read =
        new RequestTemplate("GET", null, "/set", null, null, null, null, "/ids", null);
    Workload workload =
        new Workload(
            WorkloadType.SET,
            url,
            rate,
            CONNECTIONS,
            seconds + "s",
            "2s",
            1,
            null,
            Map.of("add", add, "read", read));
    Generator generator = Generators.of(workload, "bench");
    long begin = System.nanoTime();
    OpenLoop.Stats stats;
    double elapsed;
    try (JsonlHistoryWriter writer = JsonlHistoryWriter.open(file);
        HttpOperationClient http = new HttpOperationClient(url, Duration.ofSeconds(2))) {
      HistoryRecorder recorder = new HistoryRecorder(writer, workload.type(), begin);
      OpenLoop loop =
          new OpenLoop(
              generator,
              (inv, p) ->
                  http.send(
                      workload.operations().get(inv.operation()), inv.bindings(), inv.traceId()),
              recorder,
              7);
      long start = System.nanoTime();
      stats =
          loop.run(
              rate, CONNECTIONS, Duration.ofSeconds(seconds), Duration.ofSeconds(4), () -> false);
      elapsed = (System.nanoTime() - start) / 1e9;
    }
    List<Op> ops = JsonlHistoryReader.read(file).ops();
    Map<Integer, Long> open = new HashMap<>();
    long[] latencies = new long[ops.size()];
    int n = 0;
    long completions = 0;
    for (Op op : ops) {
      if (op.type() == OpType.INVOKE) {
        open.put(op.process(), op.time());
      } else {
        completions++;
        Long at = open.remove(op.process());
        if (at != null) {
          latencies[n++] = op.time() - at;
        }
      }
    }
    long[] sorted = Arrays.copyOf(latencies, n);
    Arrays.sort(sorted);
    double p99 = n == 0 ? Double.NaN : sorted[Math.min(n - 1, (int) Math.ceil(0.99 * n) - 1)] / 1e6;
    return new double[] {completions / elapsed, p99, stats.dropped()};
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException e) {
      return "?";
    }
  }
}
