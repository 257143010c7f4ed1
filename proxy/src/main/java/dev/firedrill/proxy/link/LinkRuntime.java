package dev.firedrill.proxy.link;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every proxy of one server shares: the factory for data-path threads, the event loops (with
 * {@link Threads#NIO}), the buffer pool, one timer thread for toxic timeouts, and counts of live
 * data-path threads and of connections on the event loops (so tests can prove that nothing is left
 * behind, virtual threads included).
 */
public final class LinkRuntime implements AutoCloseable {

  /** How the data path runs: chosen by measurement, see docs/benchmarks.md. */
  public enum Threads {
    /** Two blocking pumps per connection, one platform thread each. */
    PLATFORM,
    /** Two blocking pumps per connection, one virtual thread each. */
    VIRTUAL,
    /**
     * Connections without toxics on a few selector threads ({@link EventLoop}); a connection whose
     * proxy has toxics is handed to two blocking pumps on platform threads.
     */
    NIO
  }

  private final ThreadFactory threads;
  private final BufferPool buffers;
  private final ScheduledThreadPoolExecutor timer;
  private final AtomicInteger live = new AtomicInteger();
  private final AtomicInteger loopLive = new AtomicInteger();
  private final AtomicInteger onLoops = new AtomicInteger();
  private final AtomicInteger nextLoop = new AtomicInteger();
  private final EventLoop[] loops;

  public LinkRuntime(Threads kind) {
    this(kind, defaultLoops());
  }

  /** {@code loops}: the number of event-loop threads with {@link Threads#NIO}, else ignored. */
  public LinkRuntime(Threads kind, int loops) {
    this.threads =
        kind == Threads.VIRTUAL
            ? Thread.ofVirtual().name("proxy-link-", 0).factory()
            : Thread.ofPlatform().daemon().name("proxy-link-", 0).factory();
    this.buffers = new BufferPool();
    this.timer =
        new ScheduledThreadPoolExecutor(
            1, Thread.ofPlatform().daemon().name("proxy-timer").factory());
    this.timer.setRemoveOnCancelPolicy(true);
    this.loops = kind == Threads.NIO ? startLoops(Math.max(1, loops)) : null;
  }

  /** Starts a counted data-path thread. */
  Thread start(Runnable task) {
    live.incrementAndGet();
    Thread thread =
        threads.newThread(() -> {
          try {
            task.run();
          } finally {
            live.decrementAndGet();
          }
        });
    thread.start();
    return thread;
  }

  ScheduledFuture<?> schedule(Runnable task, long millis) {
    return timer.schedule(task, millis, TimeUnit.MILLISECONDS);
  }

  BufferPool buffers() {
    return buffers;
  }

  /** The event loop for a new connection (round robin), or null when connections get pumps. */
  EventLoop loop() {
    return loops == null ? null : loops[Math.floorMod(nextLoop.getAndIncrement(), loops.length)];
  }

  /** Counts connections served by the event loops: +1 when one joins, -1 when one leaves. */
  void countOnLoops(int delta) {
    onLoops.addAndGet(delta);
  }

  /** Per-connection data-path threads (accept loops, connects, pumps) still running. */
  public int liveThreads() {
    return live.get();
  }

  /** Event-loop threads still running: a fixed number while open, 0 once closed. */
  public int eventLoopThreads() {
    return loopLive.get();
  }

  /** Connections currently served by the event loops: 0 once every connection has closed. */
  public int eventLoopConnections() {
    return onLoops.get();
  }

  @Override
  public void close() {
    timer.shutdownNow();
    if (loops != null) {
      for (EventLoop loop : loops) {
        loop.shutdown();
      }
    }
  }

  private EventLoop[] startLoops(int count) {
    EventLoop[] started = new EventLoop[count];
    for (int i = 0; i < count; i++) {
      try {
        started[i] = new EventLoop(this);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot open a selector", e);
      }
      loopLive.incrementAndGet();
      EventLoop loop = started[i];
      Thread.ofPlatform()
          .daemon()
          .name("proxy-loop-" + i)
          .start(() -> {
            try {
              loop.run();
            } finally {
              loopLive.decrementAndGet();
            }
          });
    }
    return started;
  }

  /** One per CPU, unless {@code -Dfiredrill.proxy.loops=N}. */
  private static int defaultLoops() {
    return Integer.getInteger("firedrill.proxy.loops", Runtime.getRuntime().availableProcessors());
  }
}
