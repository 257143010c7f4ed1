package dev.firedrill.engine.workload.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One request and its response on a pooled connection of {@link HttpConnections}. Its state goes
 * {@code NEW} (not yet written to a connection) → {@code SENT} → {@code DONE}, each step one
 * compare-and-set, so exactly one of the response, an error, the sweep's deadline or an abort ends
 * it, and whether the request had been sent when it ended is never in doubt: that decides between
 * "never reached the system" and "may have been applied".
 */
final class PooledExchange {

  private static final int NEW = 0;
  private static final int SENT = 1;
  private static final int DONE = 2;

  private final HttpConnections connections;
  private final Outgoing out;
  private final Duration timeout;
  private final long deadline;
  private final int maxBytes;
  private final ByteArrayOutputStream kept;
  private final AtomicInteger state = new AtomicInteger(NEW);
  private final CompletableFuture<BoundedExchange.Response> result = new CompletableFuture<>();
  private volatile Channel channel;
  private volatile int status = -1;
  private volatile long read;
  private boolean reused;
  // Event loop only:
  private boolean keepAlive;
  private boolean informational;

  PooledExchange(
      HttpConnections connections, Outgoing out, Duration timeout, int maxBytes, boolean keep) {
    this.connections = connections;
    this.out = out;
    this.timeout = timeout;
    this.deadline = System.nanoTime() + timeout.toNanos();
    this.maxBytes = maxBytes;
    this.kept = keep ? new ByteArrayOutputStream(Math.min(maxBytes, 512)) : null;
  }

  /** A request rendered once, sent as often as a retry needs. */
  record Outgoing(
      HttpConnections.Origin origin,
      String method,
      String target,
      HttpHeaders headers,
      byte[] body) {

    /** The JDK request as rendered by {@link RequestRenderer}, for the wire. */
    static Outgoing of(HttpRequest request) {
      URI uri = request.uri();
      HttpConnections.Origin origin = HttpConnections.Origin.of(uri);
      String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
      String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
      byte[] body = RequestRenderer.bodyOf(request);
      HttpHeaders headers = new DefaultHttpHeaders();
      headers.set(HttpHeaderNames.HOST, origin.hostHeader());
      for (Map.Entry<String, List<String>> h : request.headers().map().entrySet()) {
        headers.add(h.getKey(), h.getValue());
      }
      String method = request.method();
      if (body.length > 0 || method.equals("POST") || method.equals("PUT")) {
        headers.set(HttpHeaderNames.CONTENT_LENGTH, body.length);
      }
      return new Outgoing(origin, method, target, headers, body);
    }

    DefaultFullHttpRequest toNetty() {
      return new DefaultFullHttpRequest(
          HttpVersion.HTTP_1_1,
          HttpMethod.valueOf(method),
          target,
          Unpooled.wrappedBuffer(body),
          headers,
          EmptyHttpHeaders.INSTANCE);
    }
  }

  /**
   * The server closed a reused keep-alive connection before sending any byte of the response: it
   * most likely closed it idle, before the request arrived, but cannot be known not to have acted.
   */
  static final class StaleConnectionException extends IOException {
    StaleConnectionException(IOException cause) {
      super(cause.getMessage(), cause);
    }
  }

  HttpConnections.Origin origin() {
    return out.origin();
  }

  long deadline() {
    return deadline;
  }

  void reused() {
    reused = true;
  }

  /** Waits for the end; the sweep guarantees one within the timeout (and a tick). */
  BoundedExchange.Response await() throws IOException, InterruptedException {
    try {
      return result.get();
    } catch (InterruptedException e) {
      abort(new IOException("interrupted"));
      throw e;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException(e.getCause());
    }
  }

  /**
   * On {@code ch}'s event loop: hands the request to the connection, unless the exchange already
   * ended (false: the caller keeps the connection).
   */
  boolean write(Channel ch) {
    if (!state.compareAndSet(NEW, SENT)) {
      return false;
    }
    channel = ch;
    ch.pipeline().get(Handler.class).current = this;
    ch.writeAndFlush(out.toNetty())
        .addListener(f -> {
          if (!f.isSuccess()) {
            failSent(f.cause());
          }
        });
    return true;
  }

  /** The request never left: a refused or timed-out connect, a failed TLS handshake. */
  void failUnsent(Throwable cause) {
    if (state.compareAndSet(NEW, DONE)) {
      ConnectException e =
          cause instanceof ConnectException c ? c : new ConnectException(describe(cause));
      if (e != cause) {
        e.initCause(cause);
      }
      end(e);
    }
  }

  /** The connection broke after the request was (or was being) sent. */
  void failSent(Throwable cause) {
    if (state.compareAndSet(SENT, DONE)) {
      closeChannel();
      IOException io = cause instanceof IOException e ? e : new IOException(describe(cause), cause);
      end(reused && status < 0 && read == 0 ? new StaleConnectionException(io) : io);
    }
  }

  /** The sweep found the deadline passed. */
  void expire() {
    int s;
    while ((s = state.get()) != DONE) {
      if (state.compareAndSet(s, DONE)) {
        closeChannel();
        if (s == NEW) {
          end(new ConnectException("connect timed out after " + timeout.toMillis() + "ms"));
        } else {
          int st = status;
          end(new BoundedExchange.DeadlineException(timeout, st < 0 ? null : st, read));
        }
        return;
      }
    }
  }

  /** Ends it with {@code e} whatever its state (the client closed, the caller interrupted). */
  void abort(IOException e) {
    if (state.getAndSet(DONE) != DONE) {
      closeChannel();
      end(e);
    }
  }

  private void end(IOException e) {
    connections.ended(this);
    result.completeExceptionally(e);
  }

  private void closeChannel() {
    Channel ch = channel;
    if (ch != null) {
      ch.close();
    }
  }

  /** On the event loop, at the end of the response (or at the byte cap: {@code truncated}). */
  private void finish(Channel ch, boolean truncated, boolean reusable) {
    if (!state.compareAndSet(SENT, DONE)) {
      ch.close(); // expired or aborted meanwhile: the connection is not reused
      return;
    }
    connections.ended(this);
    if (reusable) {
      connections.release(out.origin(), ch); // before completing: the caller's next op reuses it
    } else {
      ch.close();
    }
    result.complete(
        new BoundedExchange.Response(
            status, kept == null ? new byte[0] : kept.toByteArray(), read, truncated));
  }

  /** Counts (and keeps) the bytes of one part of the body; false when it went past the cap. */
  private boolean content(ByteBuf b) {
    int n = b.readableBytes();
    int take = (int) Math.min(maxBytes - read, n);
    if (kept != null && take > 0) {
      byte[] chunk = new byte[take];
      b.readBytes(chunk);
      kept.write(chunk, 0, take);
    }
    read += take;
    return take == n;
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName()
        + (message == null || message.isBlank() ? "" : ": " + message);
  }

  /** The last handler of every pooled connection: feeds the response to its exchange. */
  static final class Handler extends ChannelInboundHandlerAdapter {
    private PooledExchange current; // event loop only

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      PooledExchange ex = current;
      try {
        if (ex == null) {
          ctx.close(); // bytes nobody asked for: the connection cannot be trusted
          return;
        }
        if (msg instanceof HttpObject o && o.decoderResult().isFailure()) {
          current = null;
          ex.failSent(
              new IOException("malformed response: " + describe(o.decoderResult().cause())));
          return;
        }
        if (msg instanceof HttpResponse r) {
          int code = r.status().code();
          ex.informational = code >= 100 && code < 200 && code != 101;
          if (!ex.informational) {
            ex.status = code;
            ex.keepAlive = HttpUtil.isKeepAlive(r);
          }
        }
        if (msg instanceof HttpContent c) {
          if (ex.informational) {
            ex.informational = !(msg instanceof LastHttpContent);
            return; // a 100 Continue: the real response follows
          }
          if (!ex.content(c.content())) {
            current = null;
            ex.finish(ctx.channel(), true, false);
          } else if (msg instanceof LastHttpContent) {
            current = null;
            ex.finish(ctx.channel(), false, ex.keepAlive);
          }
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      PooledExchange ex = current;
      current = null;
      if (ex != null) {
        ex.failSent(new IOException("the server closed the connection before the response ended"));
      }
      super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      PooledExchange ex = current;
      current = null;
      if (ex != null) {
        ex.failSent(cause);
      }
      ctx.close();
    }
  }
}
