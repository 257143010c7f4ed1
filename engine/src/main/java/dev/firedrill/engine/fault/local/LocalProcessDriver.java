package dev.firedrill.engine.fault.local;

import dev.firedrill.engine.fault.FaultDriver;
import dev.firedrill.engine.fault.LedgerEntry;
import dev.firedrill.engine.model.DurationText;
import dev.firedrill.engine.model.Pause;
import dev.firedrill.engine.model.PodKill;
import dev.firedrill.engine.plan.PlannedFault;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pod kills and pauses on local processes: a pod kill is SIGKILL of the planned processes and a
 * restart after {@code restartAfter} (1s by default), the way a Deployment replaces a pod; a pause
 * is SIGSTOP until healed. It claims only faults whose targets the plan chose among the drill's
 * local processes: a pod kill by label selector belongs to a cluster driver.
 *
 * <p>A pause's ledger entry records the pid and its start time, so {@link ProcessHealer} resumes
 * exactly that process with no live run, and never another that reused the pid.
 */
public final class LocalProcessDriver implements FaultDriver {

  /** The driver kind in ledger entries. */
  public static final String KIND = "process";

  private static final Duration DEFAULT_RESTART_AFTER = Duration.ofSeconds(1);

  private final LocalProcesses processes;

  public LocalProcessDriver(LocalProcesses processes) {
    this.processes = processes;
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public boolean handles(PlannedFault fault) {
    return (fault.action() instanceof PodKill || fault.action() instanceof Pause)
        && !fault.targets().isEmpty()
        && fault.targets().stream().allMatch(processes::has);
  }

  @Override
  public List<LedgerEntry> prepare(PlannedFault fault) {
    List<LedgerEntry> entries = new ArrayList<>();
    for (String name : fault.targets()) {
      long pid = processes.pid(name);
      Map<String, String> undo = new LinkedHashMap<>();
      undo.put("pid", Long.toString(pid));
      ProcessHealer.startTime(pid).ifPresent(t -> undo.put("started", t));
      boolean pause = fault.action() instanceof Pause;
      if (pause) {
        undo.put("signal", "SIGCONT");
      }
      entries.add(
          LedgerEntry.planned(
              fault.id(),
              fault.action().kind(),
              KIND,
              name,
              undo,
              pause ? KIND + " pid " + pid + " stopped" : null));
    }
    return entries;
  }

  @Override
  public String inject(PlannedFault fault, LedgerEntry target) throws IOException {
    String name = target.target();
    switch (fault.action()) {
      case PodKill kill -> {
        Duration restartAfter = DurationText.parseOr(kill.restartAfter(), DEFAULT_RESTART_AFTER);
        long pid = processes.kill(name);
        Thread.ofVirtual().name("restart-" + name).start(() -> restartLater(name, restartAfter));
        return name + " pid " + pid;
      }
      case Pause pause -> {
        processes.pause(name);
        return name + " pid " + processes.pid(name);
      }
      default -> throw new IllegalArgumentException("not a local fault: " + fault.action().kind());
    }
  }

  /** Resumes the paused incarnation; a kill has nothing to undo (the restart brings it back). */
  @Override
  public void heal(LedgerEntry entry) throws IOException {
    if (!"SIGCONT".equals(entry.undo().get("signal"))) {
      return;
    }
    String pid = entry.undo().get("pid");
    if (processes.has(entry.target()) && Long.toString(processes.pid(entry.target())).equals(pid)) {
      processes.resume(entry.target());
    } else {
      new ProcessHealer().heal(entry); // an earlier incarnation: resume it by pid, if still there
    }
  }

  private void restartLater(String name, Duration delay) {
    try {
      Thread.sleep(delay);
      processes.restart(name);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // The recovery wait and the final heal (healAll) restart it again; the run records the
      // process as down meanwhile, which the invariants see.
    }
  }
}
