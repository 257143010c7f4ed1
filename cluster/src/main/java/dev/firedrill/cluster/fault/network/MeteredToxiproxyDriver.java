package dev.firedrill.cluster.fault.network;

import dev.firedrill.engine.fault.FaultDriver;
import dev.firedrill.engine.fault.LedgerEntry;
import dev.firedrill.engine.model.Partition;
import dev.firedrill.engine.plan.PlannedFault;
import dev.firedrill.engine.run.RunSignals;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A network fault driver that also reports whether traffic went through each link while its fault
 * was in effect: it samples the proxy's byte counter ({@link ProxyTraffic}) when the fault is
 * injected and when it is healed, and notes {@code traffic} in the history with the bytes in
 * between. A fault whose link carried nothing makes the run Inconclusive, with the likely reason: a
 * fault on a link no one used tested nothing (e.g. clients that hold connections opened before a
 * Service was intercepted never pass through the proxy).
 *
 * <p>A partition stops the traffic it is meant to stop, so its window starts when the run opened
 * the link, not at the inject: it is Inconclusive only when the link carried nothing at all before
 * it healed. Where the server has no proxy metrics the traffic is unknown and nothing is noted.
 * Injecting and healing are the wrapped driver's, unchanged.
 */
public final class MeteredToxiproxyDriver implements FaultDriver {

  /** The nemesis note with the bytes a fault's link carried. */
  public static final String TRAFFIC = "traffic";

  private final FaultDriver delegate;
  private final ProxyTraffic traffic;
  private final RunSignals signals;
  private final LongSupplier nanos;
  private final Map<String, Long> atOpen;
  private final Map<String, long[]> atInject = new ConcurrentHashMap<>();
  private final Map<String, PlannedFault> faults = new ConcurrentHashMap<>();

  public MeteredToxiproxyDriver(
      FaultDriver delegate, ProxyTraffic traffic, RunSignals signals, LongSupplier nanos) {
    this.delegate = delegate;
    this.traffic = traffic;
    this.signals = signals;
    this.nanos = nanos;
    this.atOpen = traffic.bytes().orElse(null);
  }

  @Override
  public String kind() {
    return delegate.kind();
  }

  @Override
  public boolean handles(PlannedFault fault) {
    return delegate.handles(fault);
  }

  @Override
  public java.util.List<LedgerEntry> prepare(PlannedFault fault) throws Exception {
    return delegate.prepare(fault);
  }

  @Override
  public String inject(PlannedFault fault, LedgerEntry target) throws Exception {
    String done = delegate.inject(fault, target);
    String proxy = proxy(target);
    Optional<Map<String, Long>> now = traffic.bytes();
    if (now.isPresent()) {
      long base =
          fault.action() instanceof Partition && atOpen != null
              ? atOpen.getOrDefault(proxy, 0L)
              : now.get().getOrDefault(proxy, 0L);
      atInject.put(target.key(), new long[] {base, nanos.getAsLong()});
      faults.put(target.key(), fault);
    }
    return done;
  }

  @Override
  public void heal(LedgerEntry entry) throws Exception {
    delegate.heal(entry);
    long[] start = atInject.remove(entry.key());
    PlannedFault fault = faults.remove(entry.key());
    if (start == null || fault == null) {
      return; // healed with no live inject (a restarted process), or metrics unknown
    }
    Optional<Map<String, Long>> now = traffic.bytes();
    if (now.isEmpty()) {
      return;
    }
    String proxy = proxy(entry);
    long bytes = Math.max(0, now.get().getOrDefault(proxy, 0L) - start[0]);
    long ms = (nanos.getAsLong() - start[1]) / 1_000_000;
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("proxy", proxy);
    value.put("bytes", bytes);
    value.put("ms", ms);
    signals.note(TRAFFIC, entry.occurrence(), value, null);
    if (bytes == 0) {
      signals.inconclusive(
          "fault "
              + entry.occurrence()
              + " ("
              + entry.action()
              + ") saw no traffic on proxy "
              + proxy
              + (fault.action() instanceof Partition ? " before it healed" : " while in effect")
              + ": nothing used the link, so the fault tested nothing (do the clients reach the"
              + " service through the proxy? connections opened before an interception bypass"
              + " it until they reconnect)");
    }
  }

  private static String proxy(LedgerEntry entry) {
    return entry.undo().getOrDefault("proxy", entry.target());
  }
}
