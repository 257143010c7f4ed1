package dev.firedrill.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A blocking TCP relay on 127.0.0.1 that stands in for the fault proxy between two services: it
 * forwards bytes both ways and, when told, delays each chunk or resets connections. Modes apply to
 * connections already open as well as new ones, from the next chunk on. It remembers what it
 * forwarded toward the target and counts the connections it reset, so a test can wait for the
 * traffic it needs instead of sleeping. Test use only.
 */
final class TestingRelay implements AutoCloseable {
  private final ServerSocket server;
  private volatile InetSocketAddress target;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private volatile long requestJitterMillis;
  private volatile long responseDelayMillis;
  private volatile boolean reset;
  private final Queue<String> forwarded = new ConcurrentLinkedQueue<>();
  private final AtomicInteger resets = new AtomicInteger();

  /** Starts relaying a free local port to {@code target}'s host and port. */
  TestingRelay(URI target) throws IOException {
    this.target = new InetSocketAddress(target.getHost(), target.getPort());
    this.server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
    Thread.ofPlatform().daemon().name("relay-accept").start(this::acceptLoop);
  }

  /** The URL a service should use instead of the target's. */
  URI url() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  /** Delays every chunk from the target back to the client (the answer is late). */
  TestingRelay delayResponses(long millis) {
    responseDelayMillis = millis;
    return this;
  }

  /** Delays every chunk from the client to the target by a random 0..{@code maxMillis}. */
  TestingRelay jitterRequests(long maxMillis) {
    requestJitterMillis = maxMillis;
    return this;
  }

  /** While on, every connection is reset (RST) at its next chunk, new ones at once. */
  TestingRelay reset(boolean on) {
    reset = on;
    return this;
  }

  /** Sends new connections to {@code target} (a restarted service on another port). */
  TestingRelay retarget(URI target) {
    this.target = new InetSocketAddress(target.getHost(), target.getPort());
    return this;
  }

  /** Back to plain forwarding. */
  TestingRelay heal() {
    requestJitterMillis = 0;
    responseDelayMillis = 0;
    reset = false;
    return this;
  }

  /**
   * How many chunks forwarded to the target (requests, in this direction) match {@code chunk}, each
   * read as ISO-8859-1 text.
   */
  int forwarded(Predicate<String> chunk) {
    return (int) forwarded.stream().filter(chunk).count();
  }

  /** How many requests were met by a reset: a connection refused or one cut at its next chunk. */
  int resets() {
    return resets.get();
  }

  @Override
  public void close() throws IOException {
    server.close();
    sockets.forEach(TestingRelay::closeQuietly);
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        sockets.add(client);
        if (reset) {
          resets.incrementAndGet();
          abort(client);
          continue;
        }
        InetSocketAddress to = target;
        Socket upstream = new Socket(to.getAddress(), to.getPort());
        sockets.add(upstream);
        Thread.ofPlatform().daemon().start(() -> pump(client, upstream, true));
        Thread.ofPlatform().daemon().start(() -> pump(upstream, client, false));
      } catch (IOException e) {
        // The relay was closed, or the target refused: the client sees its connection end.
      }
    }
  }

  private void pump(Socket from, Socket to, boolean request) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int read;
      while ((read = in.read(buffer)) >= 0) {
        long delay = request ? jitter() : responseDelayMillis;
        if (delay > 0) {
          Thread.sleep(delay);
        }
        if (reset) {
          if (request) {
            resets.incrementAndGet();
          }
          abort(from);
          abort(to);
          return;
        }
        if (request) {
          forwarded.add(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
        }
        out.write(buffer, 0, read);
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      // One side went away: end both, as a proxy would.
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private long jitter() {
    long max = requestJitterMillis;
    return max <= 0 ? 0 : ThreadLocalRandom.current().nextLong(max + 1);
  }

  private static void abort(Socket socket) {
    try {
      socket.setSoLinger(true, 0);
    } catch (IOException e) {
      // Already closed: nothing to reset.
    }
    closeQuietly(socket);
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Closing is best effort.
    }
  }
}
