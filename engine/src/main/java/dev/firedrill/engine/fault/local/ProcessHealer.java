package dev.firedrill.engine.fault.local;

import dev.firedrill.engine.fault.Healer;
import dev.firedrill.engine.fault.LedgerEntry;
import java.io.IOException;
import java.util.Optional;

/**
 * Heals local-process ledger entries with no live run: a paused process is resumed (SIGCONT to its
 * tree) when a process with the recorded pid still exists and started at the recorded time, so a
 * pid reused by another program is never touched.
 */
public final class ProcessHealer implements Healer {

  @Override
  public String kind() {
    return LocalProcessDriver.KIND;
  }

  @Override
  public void heal(LedgerEntry entry) throws IOException {
    if (!"SIGCONT".equals(entry.undo().get("signal"))) {
      return; // a kill: nothing to undo
    }
    String pid = entry.undo().get("pid");
    if (pid == null) {
      throw new IOException("ledger entry " + entry.key() + " records no pid");
    }
    Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(pid));
    if (process.isEmpty() || !process.get().isAlive()) {
      return; // gone: nothing is stopped any more
    }
    String started = entry.undo().get("started");
    if (started != null && !started.equals(startTime(process.get().pid()).orElse(null))) {
      return; // the pid now belongs to another process
    }
    Signals.resume(process.get());
  }

  /** When the process started, as the ledger records it; empty where the OS does not say. */
  static Optional<String> startTime(long pid) {
    return ProcessHandle.of(pid).flatMap(p -> p.info().startInstant()).map(Object::toString);
  }
}
