package dev.firedrill.proxy.link;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every proxy of one server shares: the factory for data-path threads, the buffer pool, one
 * timer thread for toxic timeouts, and a count of live data-path threads (so tests can prove that
 * nothing is left behind, virtual threads included).
 */
public final class LinkRuntime implements AutoCloseable {

  /** How data-path threads are made: chosen by measurement, see docs/benchmarks.md. */
  public enum Threads {
    PLATFORM,
    VIRTUAL
  }

  private final ThreadFactory threads;
  private final BufferPool buffers;
  private final ScheduledThreadPoolExecutor timer;
  private final AtomicInteger live = new AtomicInteger();

  public LinkRuntime(Threads kind) {
    this.threads =
        kind == Threads.VIRTUAL
            ? Thread.ofVirtual().name("proxy-link-", 0).factory()
            : Thread.ofPlatform().daemon().name("proxy-link-", 0).factory();
    this.buffers = new BufferPool();
    this.timer =
        new ScheduledThreadPoolExecutor(
            1, Thread.ofPlatform().daemon().name("proxy-timer").factory());
    this.timer.setRemoveOnCancelPolicy(true);
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

  /** Data-path threads (accept loops and pumps) still running. */
  public int liveThreads() {
    return live.get();
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
