package dev.firedrill.engine.workload;

import dev.firedrill.engine.model.Outcome;
import dev.firedrill.engine.workload.http.Completion;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiFunction;

/**
 * Drives a workload open loop: operation {@code i} is due at {@code start + i / rate}, whether or
 * not earlier ones have finished, so a slow system cannot slow the load down and hide behind it. At
 * most {@code concurrency} operations are in flight, one per client; an arrival that finds every
 * client busy is dropped and counted (reported, never recorded as an operation).
 *
 * <p>Clients follow Jepsen's process rule: a client's process number changes after an operation
 * ends in {@code info}, because that operation may still take effect later, so one process never
 * has two operations open in the history.
 */
public final class OpenLoop {

  /** What a run of the loop did. */
  public record Stats(long invoked, long dropped, long ok, long fail, long info) {}

  private final Generator generator;
  private final BiFunction<Invocation, Integer, Completion> client;
  private final OperationRecorder recorder;
  private final long seed;
  private final LongAccumulator lateness = new LongAccumulator(Math::max, 0);

  /**
   * @param client sends one invocation for a process and says how it ended; never throws
   */
  public OpenLoop(
      Generator generator,
      BiFunction<Invocation, Integer, Completion> client,
      OperationRecorder recorder,
      long seed) {
    this.generator = generator;
    this.client = client;
    this.recorder = recorder;
    this.seed = seed;
  }

  private final class Client {
    int process;
    final SplittableRandom random;

    Client(int process, SplittableRandom random) {
      this.process = process;
      this.random = random;
    }
  }

  /**
   * Runs arrivals at {@code rate} per second for {@code duration}, then waits up to {@code drain}
   * for operations in flight. {@code stop} ends it early (abort).
   */
  public Stats run(
      double rate,
      int concurrency,
      Duration duration,
      Duration drain,
      java.util.function.BooleanSupplier stop) {
    lateness.reset();
    BlockingQueue<Client> idle = new ArrayBlockingQueue<>(concurrency);
    SplittableRandom root = new SplittableRandom(seed);
    for (int p = 0; p < concurrency; p++) {
      idle.add(new Client(p, root.split()));
    }
    AtomicLong invoked = new AtomicLong();
    AtomicLong dropped = new AtomicLong();
    AtomicLong[] outcomes = {new AtomicLong(), new AtomicLong(), new AtomicLong()};
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    double interval = 1e9 / rate;
    try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
      for (long i = 0; !stop.getAsBoolean(); i++) {
        long due = start + (long) (i * interval);
        if (due >= end) {
          break;
        }
        waitUntil(due);
        Client c = idle.poll();
        if (c == null) {
          dropped.incrementAndGet();
          continue;
        }
        invoked.incrementAndGet();
        workers.execute(() -> {
          try {
            Outcome o = perform(c, concurrency, due);
            outcomes[o == Outcome.OK ? 0 : o == Outcome.FAIL ? 1 : 2].incrementAndGet();
          } finally {
            idle.add(c);
          }
        });
      }
      workers.shutdown();
      awaitQuietly(workers, drain);
    }
    return new Stats(
        invoked.get(), dropped.get(), outcomes[0].get(), outcomes[1].get(), outcomes[2].get());
  }

  /**
   * The most any operation of the last {@link #run} started (was recorded as invoked) after its
   * scheduled arrival: how far the loop fell behind its schedule, which dropping arrivals that find
   * every client busy keeps small (an arrival is never held until a client frees up).
   */
  public Duration maxLateness() {
    return Duration.ofNanos(lateness.get());
  }

  private Outcome perform(Client c, int concurrency, long due) {
    Invocation inv = generator.next(c.process, c.random);
    lateness.accumulate(System.nanoTime() - due);
    recorder.invoked(c.process, inv);
    Completion done = client.apply(inv, c.process);
    recorder.completed(c.process, inv, done);
    if (done.outcome() == Outcome.INFO) {
      c.process += concurrency; // the old process may still act: never reuse it
    }
    return done.outcome();
  }

  private static void waitUntil(long deadline) {
    long left;
    while ((left = deadline - System.nanoTime()) > 0) {
      LockSupport.parkNanos(left);
    }
  }

  private static void awaitQuietly(ExecutorService workers, Duration drain) {
    try {
      if (!workers.awaitTermination(drain.toMillis(), TimeUnit.MILLISECONDS)) {
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
