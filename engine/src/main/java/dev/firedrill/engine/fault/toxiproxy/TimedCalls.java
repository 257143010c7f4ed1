package dev.firedrill.engine.fault.toxiproxy;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Puts a timeout on calls of the Java client, which sets none on its connections. Each call runs on
 * a virtual thread; on timeout the thread is interrupted, and an interrupted virtual thread blocked
 * in socket I/O has its socket closed (JEP 444), so nothing is left hanging.
 */
final class TimedCalls implements AutoCloseable {
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Duration timeout;

  TimedCalls(Duration timeout) {
    this.timeout = timeout;
  }

  /** Runs {@code call}; {@code what} names it in the error. */
  <T> T call(String what, Callable<T> call) throws ToxiproxyException {
    Future<T> future = executor.submit(call);
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new ToxiproxyException(what + ": no answer within " + timeout, e);
    } catch (ExecutionException e) {
      throw new ToxiproxyException(what + ": " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new ToxiproxyException(what + ": interrupted", e);
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
