package dev.firedrill.engine.fault.local;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The checks that say a local process is up: its health URL answers 2xx, or its port accepts. Each
 * check is bounded as a whole — a health endpoint that sends headers and then a body that never
 * ends is cut off after the timeout, like one that never answers — and an interrupt (a cancelled
 * run) ends it at once.
 */
final class Readiness implements AutoCloseable {

  private static final Duration CHECK = Duration.ofSeconds(1);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(CHECK).build();

  /** True when {@code url} answers 2xx, body included, within a second. */
  boolean healthy(String url) throws InterruptedIOException {
    CompletableFuture<HttpResponse<Void>> call =
        http.sendAsync(
            HttpRequest.newBuilder(URI.create(url)).timeout(CHECK).GET().build(),
            HttpResponse.BodyHandlers.discarding());
    try {
      return call.get(CHECK.toMillis(), TimeUnit.MILLISECONDS).statusCode() / 100 == 2;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while asking " + url);
    } finally {
      call.cancel(true);
    }
  }

  /** True when something accepts TCP connections on {@code port} of the loopback address. */
  static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    http.shutdownNow(); // close() would wait for a health call that never ends
  }
}
