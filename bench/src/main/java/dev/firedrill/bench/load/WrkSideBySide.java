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
import dev.firedrill.engine.workload.WarmUp;
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
 * latencies, for each of {@code runs} wrk-then-Firedrill pairs and their medians.
 *
 * <p>Usage: {@code WrkSideBySide [seconds] [rate] [runs] [pacedRate]} (default 10 s, 40000/s, 1
 * run, no paced runs); with {@code pacedRate}, as many runs again compare p99 at the same rate.
 */
public final class WrkSideBySide {

  static final int CONNECTIONS = 64;

  /** The clients measured, in order: {@code -Dclients=netty,jdk,vertx,jetty} (ClientCandidates). */
  private static final List<String> CLIENTS =
      List.of(System.getProperty("clients", "netty").split(","));

  private WrkSideBySide() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    double rate = args.length > 1 ? Double.parseDouble(args[1]) : 40_000;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    double paced = args.length > 3 ? Double.parseDouble(args[3]) : 0;
    Path dir = Files.createTempDirectory("firedrill-wrk");
    int port = freePort();
    Process nginx = startNginx(dir, port);
    try {
      String url = "http://127.0.0.1:" + port;
      System.out.printf(Locale.ROOT, "nginx %s, one worker; load before: %s%n", url, loadAverage());
      Map<String, double[]> ratios = new java.util.LinkedHashMap<>();
      Map<String, double[]> p99Ratios = new java.util.LinkedHashMap<>();
      for (String client : CLIENTS) {
        ratios.put(client, new double[runs]);
        p99Ratios.put(client, new double[runs]);
      }
      for (int run = 0; run < runs; run++) {
        double[] wrk = wrk(url, seconds);
        System.out.printf(
            Locale.ROOT,
            "run %d: wrk -t1 -c%d: %.0f requests/s, p99 %.2f ms%n",
            run + 1,
            CONNECTIONS,
            wrk[0],
            wrk[1]);
        // Rotated each run: a client measured later in a run finds the shared code (open loop,
        // renderer, recorder) compiled by the earlier ones, so a fixed order would favour the last.
        for (int k = 0; k < CLIENTS.size(); k++) {
          String client = CLIENTS.get((k + run) % CLIENTS.size());
          double[] ours = drive(client, url, rate, seconds, dir.resolve("history.jsonl"));
          ratios.get(client)[run] = ours[0] / wrk[0];
          p99Ratios.get(client)[run] = ours[1] / wrk[1];
          System.out.printf(
              Locale.ROOT,
              "run %d: firedrill set on %s, rate %.0f, concurrency %d: %.0f recorded ops/s (%.0f"
                  + " arrivals dropped, latest start %.1f ms after its arrival), p99 %.2f ms |"
                  + " ratio %.3f, p99 ratio %.2f | load %s%n",
              run + 1,
              client,
              rate,
              CONNECTIONS,
              ours[0],
              ours[2],
              ours[3],
              ours[1],
              ratios.get(client)[run],
              p99Ratios.get(client)[run],
              loadAverage());
        }
      }
      for (String client : CLIENTS) {
        double[] r = ratios.get(client);
        System.out.printf(
            Locale.ROOT,
            "%s: median of %d runs (%ds each): ratio recorded ops/s / wrk requests/s %.3f (min"
                + " %.3f, max %.3f); p99 ratio %.2f%n",
            client,
            runs,
            seconds,
            median(r),
            Arrays.stream(r).min().orElse(Double.NaN),
            Arrays.stream(r).max().orElse(Double.NaN),
            median(p99Ratios.get(client)));
      }
      if (paced > 0) {
        sameRate(dir, url, seconds, paced, runs);
      }
      System.out.printf(Locale.ROOT, "load after: %s%n", loadAverage());
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

  /**
   * p99 at the same rate: wrk paced near {@code paced} requests/s (each connection waits {@code
   * 64000 / paced} ms after each response, a Lua {@code delay()}; wrk has no open-loop rate), then
   * Firedrill's open loop at exactly the rate wrk reached.
   */
  private static void sameRate(Path dir, String url, int seconds, double paced, int runs)
      throws Exception {
    Path script = dir.resolve("paced.lua");
    long delayMs = Math.max(1, Math.round(CONNECTIONS * 1000.0 / paced));
    Files.writeString(script, "function delay()\n  return " + delayMs + "\nend\n");
    double[] p99Ratios = new double[runs];
    for (int run = 0; run < runs; run++) {
      double[] wrk = wrk(url, seconds, "-s", script.toString());
      double[] ours = drive(CLIENTS.getFirst(), url, wrk[0], seconds, dir.resolve("history.jsonl"));
      p99Ratios[run] = ours[1] / wrk[1];
      System.out.printf(
          Locale.ROOT,
          "same rate %d: wrk paced (delay %d ms) %.0f requests/s p99 %.2f ms | firedrill at rate"
              + " %.0f: %.0f recorded ops/s (%.0f dropped) p99 %.2f ms | p99 ratio %.2f | load %s%n",
          run + 1,
          delayMs,
          wrk[0],
          wrk[1],
          wrk[0],
          ours[0],
          ours[2],
          ours[1],
          p99Ratios[run],
          loadAverage());
    }
    System.out.printf(
        Locale.ROOT, "same rate, median p99 ratio of %d runs: %.2f%n", runs, median(p99Ratios));
  }

  private static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
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
  private static double[] wrk(String url, int seconds, String... more) throws Exception {
    List<String> command =
        new java.util.ArrayList<>(
            List.of("wrk", "-t1", "-c" + CONNECTIONS, "-d" + seconds + "s", "--latency"));
    command.addAll(List.of(more));
    command.add(url + "/");
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
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

  /**
   * Recorded ops/s, p99 ms (from the history's invoke/completion pairs), dropped arrivals, and the
   * latest an operation started after its scheduled arrival (ms). First a warm-up as a drill's
   * {@code workload.warmup: 3s} runs it ({@link WarmUp}: reads at the load's rate over the same
   * client, not in the history), then the measured load.
   */
  private static double[] drive(String client, String url, double rate, int seconds, Path file)
      throws Exception {
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
    long begin;
    OpenLoop.Stats stats;
    double elapsed;
    OpenLoop loop;
    try (JsonlHistoryWriter writer = JsonlHistoryWriter.open(file);
        ClientCandidates.Candidate http =
            ClientCandidates.of(client, url, workload.operations(), Duration.ofSeconds(2))) {
      WarmUp.run(
          generator,
          http,
          rate,
          CONNECTIONS,
          Duration.ofSeconds(3),
          Duration.ofSeconds(4),
          () -> false);
      begin = System.nanoTime();
      HistoryRecorder recorder = new HistoryRecorder(writer, workload.type(), begin);
      loop = new OpenLoop(generator, http, recorder, 7);
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
    return new double[] {
      completions / elapsed, p99, stats.dropped(), loop.maxLateness().toNanos() / 1e6
    };
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
