package dev.firedrill.engine.workload.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One HTTP exchange with a system under test that can't take the runner down: the body is read up
 * to a byte limit (the rest is never read: the connection is closed), and the whole exchange, body
 * included, ends within a deadline. The JDK client's own request timeout stops at the response
 * headers, so a body that never ends (an endless chunked response) would otherwise hold the caller
 * for as long as the server likes. Used by the workload's operations, the probes and the health
 * checks of local processes.
 */
public final class BoundedExchange {

  /**
   * How long past the deadline the JDK client's own connect and header timers get to fire first, so
   * that a connect timeout is still reported as one; past it, the exchange is cancelled.
   */
  static final Duration GRACE = Duration.ofMillis(100);

  private BoundedExchange() {}

  /**
   * A response read within the limits. {@code body} holds at most the limit's bytes (empty when the
   * caller asked not to keep it); {@code truncated} says the server sent more, which was not read.
   */
  public record Response(int status, byte[] body, long bytesRead, boolean truncated) {}

  /**
   * The deadline passed. {@code status} is the response's status when its headers had come (the
   * body then did not end in time), null when they had not.
   */
  public static final class DeadlineException extends HttpTimeoutException {
    private final transient Integer status;
    private final long bytesRead;

    DeadlineException(Duration timeout, Integer status, long bytesRead) {
      super(
          status == null
              ? "timeout after " + timeout.toMillis() + "ms"
              : "timeout after "
                  + timeout.toMillis()
                  + "ms: HTTP "
                  + status
                  + " but the body did not end ("
                  + bytesRead
                  + " bytes read)");
      this.status = status;
      this.bytesRead = bytesRead;
    }

    public Integer status() {
      return status;
    }

    public long bytesRead() {
      return bytesRead;
    }
  }

  /**
   * Sends {@code request} and reads its response, keeping at most {@code maxBytes} of the body
   * ({@code keep} false: counting them only). Throws {@link DeadlineException} when the whole
   * exchange took longer than {@code timeout}, and the client's {@link IOException}s (connect
   * refused or timed out, reset, malformed response) as they are.
   */
  public static Response send(
      HttpClient http, HttpRequest request, Duration timeout, int maxBytes, boolean keep)
      throws IOException, InterruptedException {
    AtomicInteger status = new AtomicInteger(-1);
    AtomicLong read = new AtomicLong();
    CompletableFuture<HttpResponse<Response>> response =
        http.sendAsync(
            request,
            info -> {
              status.set(info.statusCode());
              return new CappedBody(info.statusCode(), maxBytes, keep, read);
            });
    try {
      return response.get(timeout.plus(GRACE).toNanos(), TimeUnit.NANOSECONDS).body();
    } catch (TimeoutException e) {
      response.cancel(true);
      int s = status.get();
      throw new DeadlineException(timeout, s < 0 ? null : s, read.get());
    } catch (InterruptedException e) {
      response.cancel(true);
      throw e;
    } catch (CancellationException e) {
      throw new IOException("cancelled", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException(e.getCause());
    }
  }

  /**
   * Collects the body up to the cap; at the cap it cancels its subscription (the client then closes
   * the connection rather than read on) and completes with what it has.
   */
  private static final class CappedBody implements HttpResponse.BodySubscriber<Response> {
    private final int status;
    private final int maxBytes;
    private final ByteArrayOutputStream kept;
    private final AtomicLong read;
    private final CompletableFuture<Response> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    CappedBody(int status, int maxBytes, boolean keep, AtomicLong read) {
      this.status = status;
      this.maxBytes = maxBytes;
      this.kept = keep ? new ByteArrayOutputStream(Math.min(maxBytes, 8192)) : null;
      this.read = read;
    }

    @Override
    public CompletionStage<Response> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      if (result.isDone()) {
        return;
      }
      for (ByteBuffer b : buffers) {
        int take = (int) Math.min(maxBytes - read.get(), b.remaining());
        boolean over = b.remaining() > take;
        if (kept != null && take > 0) {
          byte[] chunk = new byte[take];
          b.get(chunk);
          kept.write(chunk, 0, take);
        }
        read.addAndGet(take);
        if (over) { // more than the cap: stop reading here
          subscription.cancel();
          result.complete(response(true));
          return;
        }
      }
      subscription.request(1);
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      result.complete(response(false));
    }

    private Response response(boolean truncated) {
      return new Response(
          status, kept == null ? new byte[0] : kept.toByteArray(), read.get(), truncated);
    }
  }
}
