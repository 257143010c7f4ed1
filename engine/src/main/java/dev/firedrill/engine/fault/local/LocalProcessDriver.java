package dev.firedrill.engine.fault.local;

import dev.firedrill.engine.fault.FaultDriver;
import dev.firedrill.engine.fault.LedgerEntry;
import dev.firedrill.engine.model.DurationText;
import dev.firedrill.engine.model.Pause;
import dev.firedrill.engine.model.PodKill;
import dev.firedrill.engine.plan.PlannedFault;
import dev.firedrill.engine.run.RunSignals;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pod kills and pauses on local processes: a pod kill is SIGKILL of the planned processes and a
 * restart after {@code restartAfter} (1s by default), the way a Deployment replaces a pod; a pause
 * is SIGSTOP until healed. It claims only faults whose targets the plan chose among the drill's
 * local processes: a pod kill by label selector belongs to a cluster driver.
 *
 * <p>A pause's ledger entry records the pid and its start time, so {@link ProcessHealer} resumes
 * exactly that process with no live run, and never another that reused the pid.
 *
 * <p>{@code guardrails.maxPodsDown} holds for processes as for pods: a process killed and not yet
 * restarted (healthy again), or one that is not running, is down. A kill that would take more than
 * the limit down is vetoed in {@link #prepare} (nothing is recorded or killed); finding more than
 * the limit down after a kill or a failed restart trips the run's guardrail.
 */
public final class LocalProcessDriver implements FaultDriver {

  /** The driver kind in ledger entries. */
  public static final String KIND = "process";

  private static final Duration DEFAULT_RESTART_AFTER = Duration.ofSeconds(1);

  private final LocalProcesses processes;
  private final List<String> names;
  private final Integer maxPodsDown;
  private final RunSignals signals;
  private final Set<String> down = ConcurrentHashMap.newKeySet();

  public LocalProcessDriver(LocalProcesses processes) {
    this(processes, List.of(), null, RunSignals.NONE);
  }

  /**
   * @param names every process of the drill, counted by the guardrail
   * @param maxPodsDown the guardrail's limit, or null for none
   * @param signals where a guardrail trip goes
   */
  public LocalProcessDriver(
      LocalProcesses processes, List<String> names, Integer maxPodsDown, RunSignals signals) {
    this.processes = processes;
    this.names = List.copyOf(names);
    this.maxPodsDown = maxPodsDown;
    this.signals = signals;
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
    if (fault.action() instanceof PodKill) {
      vetoBeyondMaxPodsDown(fault);
    }
    List<LedgerEntry> entries = new ArrayList<>();
    for (String name : fault.targets()) {
      long pid = processes.pid(name);
      Map<String, String> undo = new LinkedHashMap<>();
      undo.put("pid", Long.toString(pid));
      ProcessHealer.startTime(pid).ifPresent(t -> undo.put("started", t));
      if (processes.grouped(name)) {
        undo.put("group", "true"); // signals go to the process group pid leads
      }
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
        down.add(name);
        long pid = processes.kill(name);
        String occurrence = target.occurrence();
        Thread.ofVirtual()
            .name("restart-" + name)
            .start(() -> restartLater(name, occurrence, restartAfter));
        checkDown();
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

  /**
   * Restarts a killed process after {@code delay}, on a thread of its own, so restarts of several
   * processes run side by side and none holds up the timeline. The history gets {@code restart}
   * (the new pid) and {@code restarted} (ready, with how long it took), or {@code restart} with the
   * error, which also turns the verdict into Error: a restart that failed is never silent.
   */
  private void restartLater(String name, String occurrence, Duration delay) {
    try {
      Thread.sleep(delay);
    } catch (InterruptedException e) {
      return;
    }
    long begin = System.nanoTime();
    long pid = -1;
    try {
      pid = processes.relaunch(name);
      signals.note("restart", occurrence, Map.of("process", name, "pid", pid), null);
      processes.awaitReady(name, pid, processes.restartHealth(name));
      if (processes.isAlive(name) && processes.pid(name) == pid) {
        long tookMs = (System.nanoTime() - begin) / 1_000_000;
        signals.note(
            "restarted",
            occurrence,
            Map.of(
                "process",
                name,
                "pid",
                pid,
                "readyAfterMs",
                tookMs,
                "waitedFor",
                processes.restartHealth(name).name().toLowerCase(java.util.Locale.ROOT)),
            null);
        down.remove(name);
      }
    } catch (IOException | RuntimeException e) {
      if (processes.closed()) {
        return; // the run ended meanwhile and stopped every process: not a failed restart
      }
      String error = "restart of " + name + " after " + occurrence + " failed: " + e.getMessage();
      Map<String, Object> value = new LinkedHashMap<>();
      value.put("process", name);
      if (pid > 0) {
        value.put("pid", pid);
      }
      signals.note("restart", occurrence, value, error);
      signals.failed(error);
      // The final restore (healAll) tries once more; meanwhile it counts as down.
      checkDown();
    }
  }

  /** After a restore brought every process back: none of them is down any more. */
  void restored() {
    down.removeIf(name -> processes.has(name) && processes.isAlive(name));
  }

  /** The processes down now: killed and not yet restarted, or not running. */
  List<String> downNow() {
    List<String> out = new ArrayList<>();
    for (String name : names) {
      if (down.contains(name) || (processes.has(name) && !processes.isAlive(name))) {
        out.add(name);
      }
    }
    return out;
  }

  private void vetoBeyondMaxPodsDown(PlannedFault fault) {
    if (maxPodsDown == null) {
      return;
    }
    List<String> already = downNow();
    long more = fault.targets().stream().filter(t -> !already.contains(t)).count();
    if (already.size() + more > maxPodsDown) {
      throw new IllegalStateException(
          "vetoed by guardrails maxPodsDown ("
              + maxPodsDown
              + "): killing "
              + String.join(", ", fault.targets())
              + " would take "
              + (already.size() + more)
              + " of "
              + names.size()
              + " processes down"
              + (already.isEmpty() ? "" : " (already down: " + String.join(", ", already) + ")")
              + "; nothing was killed");
    }
  }

  private void checkDown() {
    if (maxPodsDown == null) {
      return;
    }
    List<String> now = downNow();
    if (now.size() > maxPodsDown) {
      signals.guardrail(
          "guardrail: "
              + now.size()
              + " processes down ("
              + String.join(", ", now)
              + "), more than maxPodsDown "
              + maxPodsDown);
    }
  }
}
