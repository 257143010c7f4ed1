package dev.firedrill.engine.fault.local;

import dev.firedrill.engine.fault.FaultDriver;
import dev.firedrill.engine.model.DurationText;
import dev.firedrill.engine.model.FaultAction;
import dev.firedrill.engine.model.Pause;
import dev.firedrill.engine.model.PodKill;
import dev.firedrill.engine.plan.PlannedFault;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Pod kills and pauses on local processes: a pod kill is SIGKILL of the planned processes and a
 * restart after {@code restartAfter} (1s by default), the way a Deployment replaces a pod; a pause
 * is SIGSTOP until healed.
 */
public final class LocalProcessDriver implements FaultDriver {

  private static final Duration DEFAULT_RESTART_AFTER = Duration.ofSeconds(1);

  private final LocalProcesses processes;

  public LocalProcessDriver(LocalProcesses processes) {
    this.processes = processes;
  }

  @Override
  public boolean handles(FaultAction action) {
    return action instanceof PodKill || action instanceof Pause;
  }

  @Override
  public String inject(PlannedFault fault) throws IOException {
    List<String> done = new ArrayList<>();
    switch (fault.action()) {
      case PodKill kill -> {
        Duration restartAfter = DurationText.parseOr(kill.restartAfter(), DEFAULT_RESTART_AFTER);
        for (String name : fault.targets()) {
          done.add(name + " pid " + processes.kill(name));
          Thread.ofVirtual().name("restart-" + name).start(() -> restartLater(name, restartAfter));
        }
      }
      case Pause pause -> {
        for (String name : fault.targets()) {
          processes.pause(name);
          done.add(name + " pid " + processes.pid(name));
        }
      }
      default -> throw new IllegalArgumentException("not a local fault: " + fault.action().kind());
    }
    return String.join(", ", done);
  }

  @Override
  public void heal(PlannedFault fault) throws IOException {
    if (fault.action() instanceof Pause) {
      for (String name : fault.targets()) {
        processes.resume(name);
      }
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
