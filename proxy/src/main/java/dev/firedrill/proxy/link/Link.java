package dev.firedrill.proxy.link;

import dev.firedrill.proxy.toxic.Stream;
import dev.firedrill.proxy.toxic.Toxic;
import dev.firedrill.proxy.toxic.ToxicSpec;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One accepted connection and its upstream connection, served either by a pump per direction or,
 * while its proxy has no toxic, by an {@link EventLoop} ({@link LinkRuntime.Threads#NIO}). Whether
 * a toxic applies to this link is decided once per toxic (its toxicity), as Toxiproxy does per
 * connection. Closing is idempotent and wakes both pumps.
 */
final class Link {
  private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

  private final Proxy proxy;
  private final SocketChannel client;
  private final String upstreamAddress;
  private final long generation;
  private final Map<ToxicSpec, Boolean> rolls = new ConcurrentHashMap<>();
  private final List<ScheduledFuture<?>> timers = new ArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicInteger pumpsDone = new AtomicInteger();
  private volatile SocketChannel upstream;
  private volatile LoopConnection onLoop;

  Link(Proxy proxy, SocketChannel client, String upstreamAddress, long generation) {
    this.proxy = proxy;
    this.client = client;
    this.upstreamAddress = upstreamAddress;
    this.generation = generation;
  }

  /** Connects upstream and starts both pumps, off the accepting thread. */
  void start() {
    proxy.runtime().start(this::connectAndRun);
  }

  private void connectAndRun() {
    try {
      client.setOption(StandardSocketOptions.TCP_NODELAY, true);
      SocketChannel channel = SocketChannel.open();
      upstream = channel;
      if (closed.get()) {
        Proxy.closeQuietly(channel); // close() ran before the channel was visible to it
        return;
      }
      channel.socket().connect(HostPort.parse(upstreamAddress).resolve(), CONNECT_TIMEOUT_MILLIS);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
    } catch (IOException | RuntimeException e) {
      close(); // as Toxiproxy: an unreachable upstream closes the client
      return;
    }
    if (!proxy.register(this, generation)) {
      close();
      return;
    }
    if (closed.get()) {
      proxy.unregister(this);
      return;
    }
    EventLoop loop = proxy.runtime().loop();
    if (loop != null && chain().isEmpty()) {
      loop.adopt(this);
      return;
    }
    proxy.runtime().start(new Pump(this, Stream.DOWNSTREAM, upstream, client));
    new Pump(this, Stream.UPSTREAM, client, upstream).run();
  }

  SocketChannel client() {
    return client;
  }

  SocketChannel upstream() {
    return upstream;
  }

  /** Now served by an event loop: closing and toxics must reach it there. */
  void joinedLoop(LoopConnection connection) {
    onLoop = connection;
  }

  /** Handed from the event loop to pumps. */
  void leftLoop() {
    onLoop = null;
  }

  ToxicChain chain() {
    return proxy.chain();
  }

  BufferPool buffers() {
    return proxy.runtime().buffers();
  }

  boolean closed() {
    return closed.get();
  }

  /** Whether the toxic applies to this connection: rolled once against its toxicity. */
  boolean applies(ToxicSpec spec) {
    Boolean roll = rolls.get(spec);
    if (roll == null) {
      roll =
          rolls.computeIfAbsent(spec, s -> ThreadLocalRandom.current().nextDouble() < s.toxicity());
    }
    return roll;
  }

  /** A toxic now exists: a timeout toxic starts its clock on this link. */
  void activate(ToxicSpec spec) {
    if (spec.toxic() instanceof Toxic.Timeout t && t.timeout() > 0 && applies(spec)) {
      ScheduledFuture<?> timer =
          proxy
              .runtime()
              .schedule(
                  () -> {
                    if (chain().contains(spec)) {
                      close();
                    }
                  },
                  t.timeout());
      synchronized (timers) {
        timers.add(timer);
      }
    }
    LoopConnection connection = onLoop;
    if (connection != null) {
      connection.loop().handOffLater(connection); // toxics wait: they need pumps
    }
  }

  /** A toxic is gone: a removed timeout toxic closes the connection it held, as Toxiproxy does. */
  void deactivate(ToxicSpec spec) {
    Boolean applied = rolls.remove(spec);
    if (spec.toxic() instanceof Toxic.Timeout && Boolean.TRUE.equals(applied)) {
      close();
    }
    chain().wakeAll();
  }

  /** A toxic was updated: its roll is dropped, the new version is rolled afresh (as Toxiproxy). */
  void replaced(ToxicSpec old) {
    rolls.remove(old);
  }

  /** One pump finished; the link closes once both have. */
  void pumpDone() {
    if (pumpsDone.incrementAndGet() == 2) {
      close();
    }
  }

  /** Closes both sockets with a TCP reset instead of a FIN. */
  void reset() {
    try {
      client.setOption(StandardSocketOptions.SO_LINGER, 0);
      SocketChannel up = upstream;
      if (up != null && up.isOpen()) {
        up.setOption(StandardSocketOptions.SO_LINGER, 0);
      }
    } catch (IOException e) {
      // Already closed: a plain close follows.
    }
    close();
  }

  void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    Proxy.closeQuietly(client);
    Proxy.closeQuietly(upstream);
    synchronized (timers) {
      timers.forEach(timer -> timer.cancel(false));
      timers.clear();
    }
    proxy.unregister(this);
    chain().wakeAll();
    LoopConnection connection = onLoop;
    if (connection != null) {
      connection.loop().releaseLater(connection);
    }
  }
}
