package dev.firedrill.engine.fault.skew;

import dev.firedrill.engine.fault.FaultDriver;
import dev.firedrill.engine.fault.LedgerEntry;
import dev.firedrill.engine.model.ClockSkew;
import dev.firedrill.engine.plan.PlannedFault;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code clockSkew} on local processes started with libfaketime ({@link ClockSkewSetup}): inject
 * writes the offset into the process's timestamp file, heal writes {@code +0} back. With a drift, a
 * virtual thread rewrites the offset every {@link #DRIFT_STEP} (offset + drift × seconds since the
 * inject) until the heal stops it first, so the clock gains or loses steadily and the heal always
 * wins.
 *
 * <p>The ledger entry records the file and the offset that undoes the fault, so {@link
 * ClockSkewHealer} heals with no live run. A process's clock is one resource: overlapping skews of
 * one process share it, and only the last heal sets it back to zero.
 *
 * <p>libfaketime reads the file again once more than a second has passed, so the process sees a new
 * offset (and the heal) within about two seconds of the write; the history records the write.
 */
final class ClockSkewDriver implements FaultDriver {

  /** The driver kind in ledger entries. */
  static final String KIND = "clock";

  /** How often a drifting clock's offset is rewritten. */
  static final Duration DRIFT_STEP = Duration.ofMillis(500);

  private final Map<String, Path> files;

  /** The drift ticker of each process whose clock drifts now: one at most, the latest skew's. */
  private final Map<String, Thread> drifting = new ConcurrentHashMap<>();

  /**
   * @param files the timestamp file of each process started with libfaketime
   */
  ClockSkewDriver(Map<String, Path> files) {
    this.files = Map.copyOf(files);
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public boolean handles(PlannedFault fault) {
    return fault.action() instanceof ClockSkew
        && !fault.targets().isEmpty()
        && files.keySet().containsAll(fault.targets());
  }

  @Override
  public List<LedgerEntry> prepare(PlannedFault fault) {
    List<LedgerEntry> entries = new ArrayList<>();
    for (String name : fault.targets()) {
      entries.add(
          LedgerEntry.planned(
              fault.id(),
              fault.action().kind(),
              KIND,
              name,
              Map.of("file", files.get(name).toString(), "offset", FaketimeFile.ZERO),
              KIND + " of " + name));
    }
    return entries;
  }

  @Override
  public String inject(PlannedFault fault, LedgerEntry target) throws IOException {
    ClockSkew skew = (ClockSkew) fault.action();
    Path file = files.get(target.target());
    Duration offset = skew.offsetDuration();
    FaketimeFile.write(file, FaketimeFile.line(offset));
    Duration drift = skew.driftPerSecond();
    if (!drift.isZero()) {
      long start = System.nanoTime();
      Thread ticker =
          Thread.ofVirtual()
              .name("clock-drift-" + target.target())
              .unstarted(() -> drift(file, offset, drift, start));
      Thread before = drifting.put(target.target(), ticker);
      if (before != null) {
        before.interrupt();
      }
      ticker.start();
    }
    return target.target()
        + " wall clock "
        + FaketimeFile.line(offset)
        + "s"
        + (drift.isZero() ? "" : ", drift " + skew.drift() + "/s");
  }

  @Override
  public void heal(LedgerEntry entry) throws IOException {
    stopDrift(entry.target());
    new ClockSkewHealer().heal(entry);
  }

  /** Stops every drifting clock (the run is over; the heals have set the files back). */
  void close() {
    drifting.keySet().forEach(this::stopDrift);
  }

  private void stopDrift(String process) {
    Thread ticker = drifting.remove(process);
    if (ticker == null) {
      return;
    }
    ticker.interrupt();
    try {
      ticker.join(); // a write in progress lands before the heal's, never after it
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void drift(Path file, Duration offset, Duration perSecond, long start) {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Thread.sleep(DRIFT_STEP);
      } catch (InterruptedException e) {
        return;
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      Duration now = offset.plusNanos((long) (perSecond.toNanos() * seconds));
      try {
        FaketimeFile.write(file, FaketimeFile.line(now));
      } catch (IOException e) {
        return; // the run directory is gone; the heal reports its own failure
      }
    }
  }
}
