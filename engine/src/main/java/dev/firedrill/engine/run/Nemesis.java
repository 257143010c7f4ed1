package dev.firedrill.engine.run;

import dev.firedrill.engine.fault.FaultDriver;
import dev.firedrill.engine.plan.Plan;
import dev.firedrill.engine.plan.PlannedFault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Applies a plan's steps on time through the fault drivers, and keeps the ledger of what is
 * injected and not yet healed. A fault enters the ledger before it is injected, so {@link #healAll}
 * (abort, Ctrl-C, the end of the run) heals even one whose injection failed half-way.
 */
public final class Nemesis {

  private final List<FaultDriver> drivers;
  private final Consumer<NemesisEvent> listener;
  private final Map<String, PlannedFault> ledger = new LinkedHashMap<>();
  private volatile boolean stopped;

  public Nemesis(List<FaultDriver> drivers, Consumer<NemesisEvent> listener) {
    this.drivers = List.copyOf(drivers);
    this.listener = listener;
  }

  /**
   * Runs every step at {@code startNanos} (a {@link System#nanoTime} value) plus its offset, until
   * the plan ends or {@link #stop} is called. Returns the events, in order.
   */
  public List<NemesisEvent> run(Plan plan, long startNanos) {
    List<NemesisEvent> events = new ArrayList<>();
    for (Plan.Step step : plan.steps()) {
      if (!sleepUntil(startNanos + step.at().toNanos())) {
        break;
      }
      NemesisEvent event = apply(step, startNanos);
      events.add(event);
      listener.accept(event);
    }
    return events;
  }

  /** Stops the run loop; the caller heals with {@link #healAll}. */
  public void stop() {
    stopped = true;
  }

  /** Heals every fault still in the ledger; returns the events. Idempotent. */
  public synchronized List<NemesisEvent> healAll(long startNanos) {
    List<NemesisEvent> events = new ArrayList<>();
    for (PlannedFault fault : List.copyOf(ledger.values())) {
      Plan.Step heal =
          new Plan.Step(
              Duration.ofNanos(System.nanoTime() - startNanos), Plan.Step.Kind.HEAL, fault);
      NemesisEvent event = apply(heal, startNanos);
      events.add(event);
      listener.accept(event);
    }
    return events;
  }

  /** Faults injected and not yet healed. */
  public synchronized List<PlannedFault> active() {
    return List.copyOf(ledger.values());
  }

  private synchronized NemesisEvent apply(Plan.Step step, long startNanos) {
    PlannedFault fault = step.fault();
    FaultDriver driver =
        drivers.stream().filter(d -> d.handles(fault.action())).findFirst().orElse(null);
    try {
      if (driver == null) {
        throw new IllegalStateException(
            "no driver for " + fault.action().kind() + " faults in this run");
      }
      String detail;
      if (step.kind() == Plan.Step.Kind.INJECT) {
        if (fault.healable()) {
          ledger.put(fault.id(), fault); // written before inject: a failed inject is still healed
        }
        detail = driver.inject(fault);
      } else {
        driver.heal(fault);
        ledger.remove(fault.id());
        detail = "healed";
      }
      return new NemesisEvent(step, Duration.ofNanos(System.nanoTime() - startNanos), detail, null);
    } catch (Exception e) {
      String error =
          e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      return new NemesisEvent(step, Duration.ofNanos(System.nanoTime() - startNanos), null, error);
    }
  }

  /** Sleeps until the deadline: coarse sleep, then a short precise park. False when stopped. */
  private boolean sleepUntil(long deadlineNanos) {
    while (!stopped) {
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        return true;
      }
      if (left > 2_000_000) {
        try {
          Thread.sleep(Duration.ofNanos(Math.min(left - 1_000_000, 50_000_000)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      } else {
        LockSupport.parkNanos(left);
      }
    }
    return false;
  }
}
