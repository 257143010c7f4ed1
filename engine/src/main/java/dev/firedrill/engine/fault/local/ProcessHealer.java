package dev.firedrill.engine.fault.local;

import dev.firedrill.engine.fault.Healer;
import dev.firedrill.engine.fault.LedgerEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Heals local-process ledger entries with no live run: a paused process is resumed (SIGCONT to its
 * group, or its tree) when a process with the recorded pid still exists and started at the recorded
 * time, so a pid reused by another program is never touched. {@link #stopLeftovers} stops, the same
 * way checked, the processes a dead runner left running.
 */
public final class ProcessHealer implements Healer {

  private static final Duration GRACE = Duration.ofSeconds(3);

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
    Signals.resume(process.get().pid(), "true".equals(entry.undo().get("group")));
  }

  /**
   * Stops what the runner of {@code runDir} left running, if that runner is gone: each incarnation
   * in its {@code processes.json} still running with the recorded pid and start time is resumed,
   * sent SIGTERM and, after 3 s, SIGKILL — to its whole group. Returns one line per process
   * stopped; nothing when the runner still runs (it owns them) or closed them itself.
   */
  public static List<String> stopLeftovers(Path runDir) throws IOException {
    Optional<ProcessRegistry.Contents> contents = ProcessRegistry.read(runDir);
    if (contents.isEmpty() || !contents.get().abandoned()) {
      return List.of();
    }
    List<ProcessRegistry.Started> left =
        contents.get().processes().stream().filter(ProcessRegistry.Started::running).toList();
    for (ProcessRegistry.Started s : left) {
      try {
        Signals.resume(s.pid(), s.group());
      } catch (IOException e) {
        // SIGKILL below ends it whether or not it resumed
      }
      Signals.terminate(s.pid(), s.group());
    }
    long deadline = System.nanoTime() + GRACE.toNanos();
    List<String> stopped = new ArrayList<>();
    for (ProcessRegistry.Started s : left) {
      while (Signals.groupAlive(s.pid(), s.group()) && System.nanoTime() < deadline) {
        sleep();
      }
      boolean forced = Signals.groupAlive(s.pid(), s.group());
      if (forced) {
        Signals.kill(s.pid(), s.group());
      }
      stopped.add(
          s.name() + " pid " + s.pid() + (forced ? " killed (SIGKILL)" : " stopped (SIGTERM)"));
    }
    return stopped;
  }

  /** When the process started, as the ledger records it; empty where the OS does not say. */
  static Optional<String> startTime(long pid) {
    return ProcessRegistry.startTime(pid);
  }

  private static void sleep() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
