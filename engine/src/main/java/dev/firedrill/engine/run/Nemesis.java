package dev.firedrill.engine.run;

import dev.firedrill.engine.fault.FaultDriver;
import dev.firedrill.engine.fault.Healer;
import dev.firedrill.engine.fault.Ledger;
import dev.firedrill.engine.fault.LedgerEntry;
import dev.firedrill.engine.plan.Plan;
import dev.firedrill.engine.plan.PlannedFault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Applies a plan's steps on time through the fault drivers, keeping every fault in the {@link
 * Ledger}: a fault's entries are recorded (and made durable by the ledger's sink, which may veto)
 * before it is injected, so {@link #healAll} — on abort, cancel, or the end of the run — heals even
 * one whose injection failed half-way. Steps are applied one at a time; after {@link #stop} no
 * further fault is injected, even by a step already due.
 */
public final class Nemesis {

  private final List<FaultDriver> drivers;
  private final Ledger ledger;
  private final Map<String, Healer> healers = new LinkedHashMap<>();
  private final Consumer<NemesisEvent> listener;
  private final Map<String, PlannedFault> injected = new LinkedHashMap<>();
  private final long origin;
  private volatile long workloadStart;
  private volatile boolean stopped;

  /**
   * @param origin the zero of the history's clock (a {@link System#nanoTime} value); events are
   *     timed on it
   */
  public Nemesis(
      List<FaultDriver> drivers, Ledger ledger, Consumer<NemesisEvent> listener, long origin) {
    this.origin = origin;
    this.workloadStart = origin;
    this.drivers = List.copyOf(drivers);
    this.ledger = ledger;
    this.listener = listener;
    for (FaultDriver d : this.drivers) {
      healers.putIfAbsent(d.kind(), d);
    }
  }

  /**
   * The faults of {@code plan} that none of {@code drivers} acts on, one line each: a run with any
   * must not start, since its plan cannot happen.
   */
  public static List<PlannedFault> unclaimed(Plan plan, List<FaultDriver> drivers) {
    List<PlannedFault> out = new ArrayList<>();
    for (PlannedFault f : plan.faults()) {
      if (drivers.stream().noneMatch(d -> d.handles(f))) {
        out.add(f);
      }
    }
    return out;
  }

  /**
   * Runs every step at {@code startNanos} (a {@link System#nanoTime} value) plus its offset, until
   * the plan ends or {@link #stop} is called. Before the first inject, {@code gate} is asked
   * whether the system is in its steady state; a reason back stops the nemesis with nothing
   * injected. Returns the events, in order.
   */
  public List<NemesisEvent> run(Plan plan, long startNanos, Supplier<Optional<String>> gate) {
    workloadStart = startNanos;
    List<NemesisEvent> events = new ArrayList<>();
    boolean opened = false;
    for (Plan.Step step : plan.steps()) {
      if (!sleepUntil(startNanos + step.at().toNanos())) {
        break;
      }
      if (!opened && step.kind() == Plan.Step.Kind.INJECT) {
        opened = true;
        if (gate.get().isPresent()) {
          stop();
          break;
        }
      }
      NemesisEvent event = apply(step, planned(step.at()));
      if (event != null) {
        events.add(event);
        listener.accept(event);
      }
    }
    return events;
  }

  /** Runs the plan with no steady-state gate. */
  public List<NemesisEvent> run(Plan plan, long startNanos) {
    return run(plan, startNanos, Optional::empty);
  }

  /** No fault is injected after this; the caller heals with {@link #healAll}. */
  public void stop() {
    stopped = true;
  }

  /** Heals every fault still in effect; returns the events. Idempotent. */
  public synchronized List<NemesisEvent> healAll() {
    stopped = true;
    List<NemesisEvent> events = new ArrayList<>();
    for (String occurrence : ledger.occurrencesInEffect()) {
      PlannedFault fault = injected.get(occurrence);
      if (fault == null) {
        continue; // recorded by someone else: healed by the ledger's own healAll
      }
      Duration now = Duration.ofNanos(System.nanoTime() - workloadStart);
      Plan.Step heal = new Plan.Step(now, Plan.Step.Kind.HEAL, fault);
      NemesisEvent event = apply(heal, planned(now));
      events.add(event);
      listener.accept(event);
    }
    return events;
  }

  /** Faults in effect: injected, or failed half-way, and not yet healed. */
  public synchronized List<PlannedFault> active() {
    return ledger.occurrencesInEffect().stream().map(injected::get).filter(f -> f != null).toList();
  }

  /** The history-clock time of a plan offset. */
  private Duration planned(Duration offset) {
    return Duration.ofNanos(workloadStart - origin).plus(offset);
  }

  private synchronized NemesisEvent apply(Plan.Step step, Duration planned) {
    PlannedFault fault = step.fault();
    if (step.kind() == Plan.Step.Kind.INJECT) {
      return stopped ? null : inject(step, fault, planned);
    }
    if (!injected.containsKey(fault.id())) {
      return null; // never injected (no driver, a veto, stopped first): nothing to heal
    }
    List<LedgerEntry> healed = ledger.heal(fault.id(), healers);
    String errors =
        healed.stream()
            .filter(e -> e.state() == LedgerEntry.State.HEAL_FAILED)
            .map(e -> e.target() + ": " + e.error())
            .reduce((a, b) -> a + "; " + b)
            .orElse(null);
    return event(
        step,
        planned,
        errors == null ? "healed" : null,
        errors == null ? null : "heal failed: " + errors);
  }

  private NemesisEvent inject(Plan.Step step, PlannedFault fault, Duration planned) {
    FaultDriver driver = drivers.stream().filter(d -> d.handles(fault)).findFirst().orElse(null);
    if (driver == null) {
      return event(
          step,
          planned,
          null,
          "IllegalStateException: no driver for " + fault.action().kind() + " faults in this run");
    }
    List<LedgerEntry> entries;
    try {
      entries = driver.prepare(fault);
      if (entries.isEmpty()) {
        throw new IllegalStateException(
            "no target for " + fault.action().kind() + " " + fault.id() + " (nothing matched)");
      }
    } catch (Exception e) {
      return event(step, planned, null, Ledger.describe(e));
    }
    for (LedgerEntry e : entries) {
      try {
        ledger.record(e);
      } catch (Exception veto) {
        return event(
            step,
            planned,
            null,
            "the fault ledger refused " + e.key() + ", nothing injected: " + Ledger.describe(veto));
      }
    }
    injected.put(fault.id(), fault);
    // Every target first, then the ledger's updates: the fault takes effect on all of them as
    // close together as the drivers allow, and its time is when the last one did, not after the
    // ledger's writes (each synced to disk). An entry still PLANNED when a crash hits is healed
    // like an injected one.
    List<String> done = new ArrayList<>();
    List<LedgerEntry> ok = new ArrayList<>();
    Map<LedgerEntry, String> failed = new LinkedHashMap<>();
    for (LedgerEntry e : entries) {
      try {
        done.add(driver.inject(fault, e));
        ok.add(e);
      } catch (Exception ex) {
        failed.put(e, Ledger.describe(ex));
      }
    }
    long tookEffect = System.nanoTime();
    for (LedgerEntry e : ok) {
      ledger.injected(e, fault.healable());
    }
    failed.forEach(ledger::failed);
    String error = failed.isEmpty() ? null : String.join("; ", failed.values());
    return event(step, planned, String.join(", ", done), error, tookEffect);
  }

  private NemesisEvent event(Plan.Step step, Duration planned, String detail, String error) {
    return event(step, planned, detail, error, System.nanoTime());
  }

  private NemesisEvent event(
      Plan.Step step, Duration planned, String detail, String error, long atNanos) {
    return new NemesisEvent(step, planned, Duration.ofNanos(atNanos - origin), detail, error);
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
