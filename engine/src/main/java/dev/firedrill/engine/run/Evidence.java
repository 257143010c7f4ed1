package dev.firedrill.engine.run;

import dev.firedrill.check.history.OpType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the workload's completions showed so far: ok, fail and info counts of reads and of updates,
 * how many the system answered (ok, or a failure it stated with an HTTP status, such as a 409), and
 * the most frequent error, so the steady-state check can say in one line why nothing was tested.
 * Updated from many client threads.
 */
final class Evidence {

  private static final int MAX_ERRORS = 32;

  private final LongAdder[] reads = {new LongAdder(), new LongAdder(), new LongAdder()};
  private final LongAdder[] updates = {new LongAdder(), new LongAdder(), new LongAdder()};
  private final LongAdder answered = new LongAdder();
  private final Map<String, Long> errors = new LinkedHashMap<>();

  void add(boolean read, OpType type, boolean answeredBySystem, String error) {
    (read ? reads : updates)[slot(type)].increment();
    if (answeredBySystem) {
      answered.increment();
    }
    if (error != null) {
      synchronized (errors) {
        if (errors.containsKey(error) || errors.size() < MAX_ERRORS) {
          errors.merge(error, 1L, Long::sum);
        }
      }
    }
  }

  /** A consistent-enough copy: counts of ok, fail, info for reads and for updates. */
  Snapshot snapshot() {
    String top;
    synchronized (errors) {
      top =
          errors.entrySet().stream()
              .max(Map.Entry.comparingByValue())
              .map(Map.Entry::getKey)
              .orElse(null);
    }
    return new Snapshot(
        reads[0].sum(),
        reads[1].sum(),
        reads[2].sum(),
        updates[0].sum(),
        updates[1].sum(),
        updates[2].sum(),
        answered.sum(),
        top);
  }

  private static int slot(OpType type) {
    return type == OpType.OK ? 0 : type == OpType.FAIL ? 1 : 2;
  }

  /** Counts at one moment, and the most frequent error text. */
  record Snapshot(
      long readOk,
      long readFail,
      long readInfo,
      long updateOk,
      long updateFail,
      long updateInfo,
      long answered,
      String topError) {

    long completed() {
      return readOk + readFail + readInfo + updateOk + updateFail + updateInfo;
    }

    long ok() {
      return readOk + updateOk;
    }

    long reads() {
      return readOk + readFail + readInfo;
    }

    long updates() {
      return updateOk + updateFail + updateInfo;
    }
  }
}
