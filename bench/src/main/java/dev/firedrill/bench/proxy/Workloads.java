package dev.firedrill.bench.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** The two measured workloads, against any port: 1-byte ping-pong and bulk download. */
final class Workloads {
  private Workloads() {}

  /** Round-trip latencies in nanoseconds at the 50th and 99th percentiles. */
  record Latency(long p50, long p99) {
    static Latency of(long[] samples) {
      long[] sorted = samples.clone();
      Arrays.sort(sorted);
      return new Latency(sorted[sorted.length / 2], sorted[(int) (sorted.length * 0.99)]);
    }
  }

  /**
   * {@code connections} clients each do {@code warmup} then {@code rounds} 1-byte round trips
   * concurrently; returns every measured round trip of every client, in nanoseconds.
   */
  static long[] pingPong(int port, int connections, int warmup, int rounds) throws Exception {
    CyclicBarrier warm = new CyclicBarrier(connections);
    List<Callable<long[]>> clients = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      clients.add(() -> pingPongClient(port, warmup, rounds, warm));
    }
    long[] all = new long[connections * rounds];
    try (ExecutorService pool = Executors.newFixedThreadPool(connections)) {
      int at = 0;
      for (Future<long[]> result : pool.invokeAll(clients)) {
        long[] samples = result.get();
        System.arraycopy(samples, 0, all, at, samples.length);
        at += samples.length;
      }
    }
    return all;
  }

  /** Connects and warms up, waits until every client has, then measures. */
  private static long[] pingPongClient(int port, int warmup, int rounds, CyclicBarrier warm)
      throws Exception {
    long[] samples = new long[rounds];
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(10_000);
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      for (int i = 0; i < warmup; i++) {
        roundTrip(in, out);
      }
      warm.await(30, TimeUnit.SECONDS);
      for (int i = 0; i < rounds; i++) {
        long started = System.nanoTime();
        roundTrip(in, out);
        samples[i] = System.nanoTime() - started;
      }
    }
    return samples;
  }

  private static void roundTrip(InputStream in, OutputStream out) throws IOException {
    out.write(1);
    if (in.read() < 0) {
      throw new IOException("closed during ping-pong");
    }
  }

  /** Bytes read by {@code connections} clients together over {@code millis} after a warm-up. */
  static long bulk(int port, int connections, long warmupMillis, long millis) throws Exception {
    CyclicBarrier connected = new CyclicBarrier(connections);
    List<Callable<Long>> clients = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      clients.add(() -> bulkClient(port, warmupMillis, millis, connected));
    }
    long total = 0;
    try (ExecutorService pool = Executors.newFixedThreadPool(connections)) {
      for (Future<Long> result : pool.invokeAll(clients)) {
        total += result.get();
      }
    }
    return total;
  }

  private static long bulkClient(int port, long warmupMillis, long millis, CyclicBarrier connected)
      throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(10_000);
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[256 * 1024];
      connected.await(30, TimeUnit.SECONDS);
      long warmEnd = System.nanoTime() + warmupMillis * 1_000_000;
      long end = warmEnd + millis * 1_000_000;
      long counted = 0;
      for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
        int n = in.read(buffer);
        if (n < 0) {
          throw new IOException("closed during bulk");
        }
        if (now >= warmEnd) {
          counted += n;
        }
      }
      return counted;
    }
  }
}
