package dev.firedrill.check.checker;

import dev.firedrill.check.history.History;
import dev.firedrill.check.history.Op;
import dev.firedrill.check.history.OpType;
import dev.firedrill.check.history.Operation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ordering: per entity (the op's key), sequence numbers or versions never go backwards, and events
 * are applied in the order they were issued.
 *
 * <p>Ops: {@code append} (an event with its sequence number as value) and {@code read}, whose ok
 * value is either a number (the entity's current version) or a list of sequence numbers (the events
 * applied, in applied order). Terms:
 *
 * <ul>
 *   <li><b>precedes</b>: read A precedes read B when A completed before B was invoked (real time,
 *       by history index).
 *   <li><b>regression</b>: B reads a lower version than a read A that precedes it: time went
 *       backwards. The first per entity is reported, with both reads. INVALID.
 *   <li><b>out-of-order</b>: a read's event list has a sequence number not greater than the one
 *       before it. The first per entity is reported, with the read. INVALID.
 *   <li>With appends but no ok read of an entity: UNKNOWN ({@code no-final-read}).
 *   <li>A read of something else than a number or a list: UNKNOWN ({@code malformed-read}).
 *   <li><b>checked</b> (the evidence count): the ok reads of a version or of an event list. With
 *       none, and no other anomaly: UNKNOWN ({@code nothing-to-check}).
 * </ul>
 *
 * <p>Versions and sequence numbers are compared exactly, also past 64 bits.
 */
public record Ordering() implements Checker {

  @Override
  public String name() {
    return "ordering";
  }

  @Override
  public Result check(History history) {
    List<Anomaly> anomalies = new ArrayList<>();
    Map<String, Operation> maxCompleted = new HashMap<>();
    Map<Op, Operation> thresholdAtInvoke = new HashMap<>();
    Map<Op, Operation> byCompletion = new HashMap<>();
    Set<String> reported = new HashSet<>();
    Set<String> readKeys = new HashSet<>();
    Set<String> appendKeys = new HashSet<>();
    for (Operation o : history.clientOperations("read", "append")) {
      if (o.f().equals("append")) {
        appendKeys.add(o.key());
      } else if (o.ok()) {
        byCompletion.put(o.completion(), o);
        thresholdAtInvoke.put(o.invoke(), null);
      }
    }
    Map<Op, Operation> invokes = new HashMap<>();
    byCompletion.values().forEach(o -> invokes.put(o.invoke(), o));
    long reads = 0;
    long malformed = 0;
    long appends = 0;
    for (Operation o : history.clientOperations("append")) {
      appends += o.ok() ? 1 : 0;
    }
    for (Op op : history.ops()) {
      Operation inv = invokes.get(op);
      if (inv != null && op.type() == OpType.INVOKE) {
        thresholdAtInvoke.put(op, maxCompleted.get(inv.key()));
        continue;
      }
      Operation read = byCompletion.get(op);
      if (read == null) {
        continue;
      }
      reads++;
      readKeys.add(read.key());
      if (read.value() instanceof List<?> events) {
        checkEvents(read, events, reported, anomalies);
      } else if (Numbers.exact(read.value()) != null) {
        Object version = read.value();
        Operation before = thresholdAtInvoke.get(read.invoke());
        if (before != null
            && Numbers.compare(version, before.value()) < 0
            && reported.add(read.key())) {
          anomalies.add(regression(before, read));
        }
        Operation max = maxCompleted.get(read.key());
        if (max == null || Numbers.compare(version, max.value()) > 0) {
          maxCompleted.put(read.key(), read);
        }
      } else {
        reads--; // not evidence: absent (null), or neither a version nor a list of events
        malformed += read.value() == null ? 0 : 1;
      }
    }
    for (String key : appendKeys) {
      if (!readKeys.contains(key)) {
        anomalies.add(
            Anomaly.unknown(
                "no-final-read",
                key,
                Explain.keyed(key) + "events were appended but never read",
                List.of()));
      }
    }
    if (malformed > 0) {
      anomalies.add(
          Anomaly.unknown(
              "malformed-read",
              null,
              malformed + " ok read(s) returned neither a version nor a list of events",
              List.of()));
    }
    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put(Evidence.CHECKED, reads);
    stats.put("reads", reads);
    stats.put("entities", readKeys.size());
    String missing =
        appends + " acknowledged append(s) and no ok read of a version or of an event list";
    return Result.of(name(), Evidence.require(reads, anomalies, missing), stats);
  }

  @Override
  public Set<String> reads() {
    return Set.of("append", "read");
  }

  private static void checkEvents(
      Operation read, List<?> events, Set<String> reported, List<Anomaly> anomalies) {
    for (int i = 1; i < events.size(); i++) {
      Object b = events.get(i);
      Object a = events.get(i - 1);
      if (Numbers.exact(b) != null
          && Numbers.exact(a) != null
          && Numbers.compare(b, a) <= 0
          && reported.add(read.key())) {
        anomalies.add(
            Anomaly.invalid(
                    "out-of-order",
                    read.key(),
                    Explain.keyed(read.key())
                        + Explain.op(read.completion())
                        + " shows event "
                        + b
                        + " applied after event "
                        + a
                        + " (position "
                        + i
                        + ")",
                    List.of(read.invoke(), read.completion()))
                .with(Map.of("before", a, "after", b, "position", i)));
        return;
      }
    }
  }

  private static Anomaly regression(Operation before, Operation read) {
    return Anomaly.invalid(
            "regression",
            read.key(),
            Explain.keyed(read.key())
                + Explain.op(read.completion())
                + " read version "
                + read.value()
                + ", but "
                + Explain.op(before.completion())
                + ", which completed before it began, had read "
                + before.value(),
            List.of(before.completion(), read.invoke(), read.completion()))
        .with(Map.of("earlier", before.value(), "later", read.value()));
  }
}
