package dev.firedrill.engine.workload.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * The workload's HTTP/1.1 connections, built for throughput: keep-alive channels on Netty event
 * loops, pooled per origin (at most one per operation in flight, reused most-recent first), and one
 * sweep every {@link #TICK} that ends the exchanges past their deadline, instead of a timer per
 * request. Nothing on a request's path takes a lock: the pool is lock-free deques, an exchange's
 * end is one compare-and-set (the response, an error or the sweep: whichever is first).
 *
 * <p>Same contract as {@link BoundedExchange#send}: the body is read up to a byte limit (past it
 * the connection is closed, the rest never read), the whole exchange ends within the timeout
 * (within one tick), and errors come back as exceptions a caller classifies: a {@link
 * ConnectException} when the request was never sent, a {@link BoundedExchange.DeadlineException}
 * when the timeout passed after it was sent, any other {@link IOException} when the connection
 * broke after it was sent.
 */
final class HttpConnections implements AutoCloseable {

  /** How often the sweep looks for exchanges past their deadline: the timeout's precision. */
  static final Duration TICK = Duration.ofMillis(5);

  static {
    // Netty 4.1 reaches for sun.misc.Unsafe, which JDK 24+ warns about on stderr, in the middle of
    // a run's console output; without it Netty uses the supported buffer APIs. And Netty logs
    // through java.util.logging rather than probe for an SLF4J provider (another stderr warning).
    if (Runtime.version().feature() >= 24 && System.getProperty("io.netty.noUnsafe") == null) {
      System.setProperty("io.netty.noUnsafe", "true");
    }
    InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
    // Netty names its channels after the machine's MAC address and warns where there is none (a
    // network namespace with only loopback, some containers); a random id serves as well.
    if (System.getProperty("io.netty.machineId") == null) {
      byte[] id = new byte[8];
      ThreadLocalRandom.current().nextBytes(id);
      System.setProperty("io.netty.machineId", HexFormat.ofDelimiter(":").formatHex(id));
    }
  }

  private final EventLoopGroup group;
  private final Bootstrap bootstrap;
  private final Map<Origin, Deque<Channel>> idle = new ConcurrentHashMap<>();
  private final Set<PooledExchange> open = ConcurrentHashMap.newKeySet();
  private volatile SslContext tls;

  /** Where a connection goes; connections are pooled by origin. */
  record Origin(boolean secure, String host, int port) {
    static Origin of(URI uri) {
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        throw new IllegalArgumentException("not an http(s) URL: " + uri);
      }
      if (uri.getHost() == null) {
        throw new IllegalArgumentException("no host in " + uri);
      }
      boolean secure = scheme.equals("https");
      int port = uri.getPort() > 0 ? uri.getPort() : secure ? 443 : 80;
      return new Origin(secure, uri.getHost(), port);
    }

    /** The Host header: the port only when it is not the scheme's default. */
    String hostHeader() {
      String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
      return port == (secure ? 443 : 80) ? h : h + ":" + port;
    }
  }

  /**
   * @param connectTimeout how long a new connection may take (a refused or timed-out connect is a
   *     {@link ConnectException})
   * @param threads event-loop threads (each owns its connections' reads and writes)
   */
  HttpConnections(Duration connectTimeout, int threads) {
    this.group = new NioEventLoopGroup(threads, new DefaultThreadFactory("firedrill-http", true));
    this.bootstrap =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(
                ChannelOption.CONNECT_TIMEOUT_MILLIS,
                (int) Math.min(Integer.MAX_VALUE, Math.max(1, connectTimeout.toMillis())))
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast("http", new HttpClientCodec());
                    ch.pipeline().addLast("exchange", new PooledExchange.Handler());
                  }
                });
    loadCodec();
    // and a channel with its pipeline, registered with the event loop and closed, unconnected
    bootstrap.register().syncUninterruptibly().channel().close().syncUninterruptibly();
    long tick = TICK.toNanos();
    group.next().scheduleAtFixedRate(this::sweep, tick, tick, TimeUnit.NANOSECONDS);
  }

  /**
   * Runs one request and response through the codec, off the wire, so that loading Netty's classes
   * happens here (when the client is built) and not inside the first operation's timeout.
   */
  private static void loadCodec() {
    EmbeddedChannel ch = new EmbeddedChannel(new HttpClientCodec(), new PooledExchange.Handler());
    ch.writeOutbound(
        new DefaultFullHttpRequest(
            HttpVersion.HTTP_1_1, HttpMethod.GET, "/", Unpooled.EMPTY_BUFFER));
    ch.writeInbound(
        Unpooled.copiedBuffer(
            "HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}", StandardCharsets.US_ASCII));
    ch.finishAndReleaseAll();
  }

  /**
   * Sends {@code request} and reads its response: see the class comment for the contract. A GET or
   * HEAD that finds its reused connection closed by the server before any response byte (a
   * keep-alive connection the server had just timed out) is sent once more on a new connection; any
   * other method is not, as the server may have acted on it.
   */
  BoundedExchange.Response send(HttpRequest request, Duration timeout, int maxBytes, boolean keep)
      throws IOException, InterruptedException {
    PooledExchange.Outgoing out = PooledExchange.Outgoing.of(request);
    boolean retryable = out.method().equals("GET") || out.method().equals("HEAD");
    try {
      return exchange(out, timeout, maxBytes, keep, true);
    } catch (PooledExchange.StaleConnectionException stale) {
      if (!retryable) {
        throw stale;
      }
      return exchange(out, timeout, maxBytes, keep, false);
    }
  }

  private BoundedExchange.Response exchange(
      PooledExchange.Outgoing out, Duration timeout, int maxBytes, boolean keep, boolean reuse)
      throws IOException, InterruptedException {
    PooledExchange ex = new PooledExchange(this, out, timeout, maxBytes, keep);
    open.add(ex);
    Channel pooled = reuse ? pooled(out.origin()) : null;
    if (pooled != null) {
      ex.reused();
      pooled.eventLoop().execute(() -> start(ex, pooled));
    } else {
      connect(ex);
    }
    return ex.await();
  }

  /** On the channel's event loop: a pooled channel that died meanwhile is replaced, unsent. */
  private void start(PooledExchange ex, Channel ch) {
    if (!ch.isActive()) {
      connect(ex);
    } else if (!ex.write(ch)) {
      release(ex.origin(), ch); // the exchange ended (its deadline) before it was sent
    }
  }

  private void connect(PooledExchange ex) {
    Origin o = ex.origin();
    ChannelFuture connecting = bootstrap.connect(o.host(), o.port());
    connecting.addListener(f -> {
      if (!f.isSuccess()) {
        ex.failUnsent(f.cause());
        return;
      }
      Channel ch = connecting.channel();
      ch.closeFuture().addListener(closed -> forget(o, ch));
      if (!o.secure()) {
        start(ex, ch);
        return;
      }
      SslHandler ssl;
      try {
        ssl = tls().newHandler(ch.alloc(), o.host(), o.port());
      } catch (SSLException e) {
        ex.failUnsent(e);
        ch.close();
        return;
      }
      SSLEngine engine = ssl.engine();
      SSLParameters params = engine.getSSLParameters();
      params.setEndpointIdentificationAlgorithm("HTTPS"); // check the certificate's name
      engine.setSSLParameters(params);
      ch.pipeline().addFirst("tls", ssl);
      ssl.handshakeFuture()
          .addListener(h -> {
            if (h.isSuccess()) {
              start(ex, ch);
            } else {
              ex.failUnsent(h.cause());
              ch.close();
            }
          });
    });
  }

  private SslContext tls() throws SSLException {
    SslContext t = tls;
    if (t == null) {
      synchronized (this) {
        if (tls == null) {
          tls = SslContextBuilder.forClient().build();
        }
        t = tls;
      }
    }
    return t;
  }

  private Channel pooled(Origin o) {
    Deque<Channel> channels = idle.get(o);
    if (channels == null) {
      return null;
    }
    Channel ch;
    while ((ch = channels.pollFirst()) != null) {
      if (ch.isActive()) {
        return ch;
      }
    }
    return null;
  }

  /** A connection whose response ended with keep-alive: back to the pool, most recent first. */
  void release(Origin o, Channel ch) {
    idle.computeIfAbsent(o, k -> new ConcurrentLinkedDeque<>()).offerFirst(ch);
  }

  /** The exchange ended (answered, failed or expired): the sweep no longer watches it. */
  void ended(PooledExchange ex) {
    open.remove(ex);
  }

  private void forget(Origin o, Channel ch) {
    Deque<Channel> channels = idle.get(o);
    if (channels != null) {
      channels.remove(ch);
    }
  }

  private void sweep() {
    long now = System.nanoTime();
    for (PooledExchange ex : open) {
      if (now - ex.deadline() >= 0) {
        ex.expire();
      }
    }
  }

  @Override
  public void close() {
    for (PooledExchange ex : open) {
      ex.abort(new IOException("the client was closed"));
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}
