package dev.firedrill.check.checker;

import dev.firedrill.check.history.History;
import dev.firedrill.check.history.Op;
import dev.firedrill.check.history.OpType;
import dev.firedrill.check.history.Operation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Queue: every acknowledged message is delivered exactly once, and nothing else is.
 *
 * <p>Ops: {@code enqueue} with a unique message as value; {@code dequeue} whose ok value is the
 * message taken (null when the queue was empty); {@code drain} whose ok value is the list of the
 * messages left, taken at the end. Terms:
 *
 * <ul>
 *   <li><b>acknowledged</b>: enqueued ok; <b>indeterminate</b>: enqueue info or not completed.
 *   <li><b>delivered</b>: returned by an ok dequeue or drain.
 *   <li><b>lost</b>: acknowledged, never delivered, though a drain completed ok. INVALID.
 *   <li><b>duplicated</b>: delivered more than once. INVALID.
 *   <li><b>unexpected</b>: delivered but never enqueued, or its enqueue failed. INVALID.
 *   <li><b>recovered</b>: indeterminate and delivered: legal (a stat).
 *   <li><b>undrained</b>: acknowledged, never delivered, and no drain completed: it may still be in
 *       the queue. UNKNOWN.
 *   <li><b>checked</b> (the evidence count): the messages whose fate the history shows: delivered
 *       ones, and acknowledged ones lost although a drain completed. With none, and no other
 *       anomaly: UNKNOWN ({@code nothing-to-check}).
 * </ul>
 */
public record Queue() implements Checker {

  @Override
  public String name() {
    return "queue";
  }

  @Override
  public Result check(History history) {
    Map<Object, Operation> enqueues = new HashMap<>();
    for (Operation o : history.clientOperations("enqueue")) {
      enqueues.put(o.invoke().value(), o);
    }
    Map<Object, List<Op>> deliveries = new LinkedHashMap<>();
    boolean drained = false;
    for (Operation o : history.clientOperations("dequeue", "drain")) {
      if (!o.ok()) {
        continue;
      }
      if (o.f().equals("drain")) {
        drained = true;
        if (o.completion().value() instanceof Collection<?> rest) {
          rest.forEach(
              m -> deliveries.computeIfAbsent(m, k -> new ArrayList<>()).add(o.completion()));
        }
      } else if (o.completion().value() != null) {
        deliveries
            .computeIfAbsent(o.completion().value(), k -> new ArrayList<>())
            .add(o.completion());
      }
    }
    List<Anomaly> anomalies = new ArrayList<>();
    long recovered = 0;
    for (Map.Entry<Object, List<Op>> d : deliveries.entrySet()) {
      Operation enq = enqueues.get(d.getKey());
      if (enq == null || enq.outcome() == OpType.FAIL) {
        anomalies.add(unexpected(d.getKey(), enq, d.getValue().get(0)));
      } else if (d.getValue().size() > 1) {
        anomalies.add(duplicated(d.getKey(), enq, d.getValue()));
      }
      recovered += enq != null && enq.indeterminate() ? 1 : 0;
    }
    long lost = 0;
    for (Operation enq : enqueues.values()) {
      if (enq.ok() && !deliveries.containsKey(enq.invoke().value())) {
        lost++;
        anomalies.add(lost(enq, drained));
      }
    }
    long checked = deliveries.size() + (drained ? lost : 0);
    long acknowledged = enqueues.values().stream().filter(Operation::ok).count();
    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put(Evidence.CHECKED, checked);
    stats.put("enqueued", enqueues.size());
    stats.put("delivered", deliveries.size());
    stats.put("recovered", recovered);
    stats.put(drained ? "lost" : "undrained", lost);
    anomalies.sort(java.util.Comparator.comparingLong(a -> a.ops().get(0).index()));
    String missing =
        enqueues.size()
            + " enqueue(s), "
            + acknowledged
            + " acknowledged, and no ok dequeue or drain returned a message";
    return Result.of(
        name(),
        Evidence.require(
            checked, anomalies.stream().limit(NoLostWrites.MAX_LISTED).toList(), missing),
        stats);
  }

  @Override
  public java.util.Set<String> reads() {
    return java.util.Set.of("enqueue", "dequeue", "drain");
  }

  private static Anomaly unexpected(Object message, Operation enq, Op delivery) {
    String why = enq == null ? "never enqueued" : "enqueue failed";
    List<Op> ops = enq == null ? List.of(delivery) : List.of(enq.completion(), delivery);
    return Anomaly.invalid(
            "unexpected",
            null,
            "message " + message + " was " + why + " but " + Explain.op(delivery) + " returned it",
            ops)
        .with(Map.of("message", message));
  }

  private static Anomaly duplicated(Object message, Operation enq, List<Op> deliveries) {
    List<Op> ops = new ArrayList<>();
    ops.add(enq.invoke());
    ops.addAll(deliveries);
    return Anomaly.invalid(
            "duplicated",
            null,
            "message "
                + message
                + " was delivered "
                + deliveries.size()
                + " times: by "
                + Explain.op(deliveries.get(0))
                + " and "
                + Explain.op(deliveries.get(1)),
            ops)
        .with(Map.of("message", message, "times", deliveries.size()));
  }

  private static Anomaly lost(Operation enq, boolean drained) {
    String text =
        "message "
            + enq.invoke().value()
            + " was acknowledged by "
            + Explain.op(enq.completion())
            + " and never delivered";
    if (drained) {
      return Anomaly.invalid("lost", null, text, List.of(enq.completion()))
          .with(Map.of("message", enq.invoke().value()));
    }
    return Anomaly.unknown(
        "undrained", null, text + " (no drain completed)", List.of(enq.completion()));
  }
}
