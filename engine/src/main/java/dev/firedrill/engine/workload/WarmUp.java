package dev.firedrill.engine.workload;

import dev.firedrill.engine.workload.http.Completion;
import dev.firedrill.engine.workload.http.HttpOperationClient;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;

/**
 * The warm-up before a run's load ({@code workload.warmup}): the workload's reads without side
 * effects (its final reads: {@code read}, {@code read-source}, {@code read-projection}; never a
 * dequeue or drain), each with a fresh trace id, open loop at the load's rate and concurrency over
 * the same client. Nothing of it is recorded: the history, its counts and the steady-state evidence
 * start with the load. A read the history does not hold can't make a checker wrong (a write could:
 * the system would hold a value no operation wrote), which is why only reads are sent.
 */
public final class WarmUp {

  private static final OperationRecorder DISCARD =
      new OperationRecorder() {
        @Override
        public void invoked(int process, Invocation invocation) {}

        @Override
        public void completed(int process, Invocation invocation, Completion completion) {}
      };

  private WarmUp() {}

  /** The reads a warm-up of {@code generator}'s workload sends; empty: there is nothing to send. */
  public static List<Invocation> reads(Generator generator) {
    return generator.finalReads().stream().filter(i -> i.f().startsWith("read")).toList();
  }

  /**
   * Sends the reads for {@code warmup} (none when there are none), then waits up to {@code drain}
   * for the last; {@code stop} ends it early.
   */
  public static OpenLoop.Stats run(
      Generator generator,
      BiFunction<Invocation, Integer, Completion> client,
      double rate,
      int concurrency,
      Duration warmup,
      Duration drain,
      BooleanSupplier stop) {
    List<Invocation> reads = reads(generator);
    if (reads.isEmpty() || !warmup.isPositive()) {
      return new OpenLoop.Stats(0, 0, 0, 0, 0);
    }
    Generator warm =
        new Generator() {
          @Override
          public Invocation next(int process, SplittableRandom random) {
            Invocation r = reads.get(random.nextInt(reads.size()));
            return new Invocation(
                r.operation(),
                r.f(),
                r.key(),
                r.value(),
                r.idempotencyKey(),
                r.bindings(),
                HttpOperationClient.newTraceId());
          }

          @Override
          public List<Invocation> finalReads() {
            return List.of();
          }
        };
    return new OpenLoop(warm, client, DISCARD, 0).run(rate, concurrency, warmup, drain, stop);
  }
}
