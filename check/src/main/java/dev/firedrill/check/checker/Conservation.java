package dev.firedrill.check.checker;

import dev.firedrill.check.history.History;
import dev.firedrill.check.history.Op;
import dev.firedrill.check.history.Operation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Conservation (the bank invariant): transfers move money between accounts, so the total never
 * changes and no balance goes negative.
 *
 * <p>Ops: {@code transfer} with value {@code {"from":a,"to":b,"amount":n}} (only counted in stats:
 * the invariant is judged on reads), and {@code read} whose ok value maps each account to its
 * balance. Terms:
 *
 * <ul>
 *   <li><b>total</b>: the sum of the balances in one read.
 *   <li><b>expected total</b>: the given one, else the total of the first ok read.
 *   <li><b>wrong-total</b>: a read whose total differs from the expected total: money was created
 *       or destroyed (or the read was not a consistent snapshot). INVALID.
 *   <li><b>negative</b>: a read with a balance below zero. INVALID.
 *   <li>With transfers but no ok read: UNKNOWN ({@code no-final-read}).
 * </ul>
 *
 * @param expectedTotal the total every read must show, or null to take the first read's
 */
public record Conservation(Long expectedTotal) implements Checker {

  public Conservation() {
    this(null);
  }

  @Override
  public String name() {
    return "conservation";
  }

  @Override
  public Result check(History history) {
    List<Anomaly> anomalies = new ArrayList<>();
    Long expected = expectedTotal;
    Operation first = null;
    long reads = 0;
    for (Operation r : history.clientOperations("read")) {
      if (!r.ok() || !(r.value() instanceof Map<?, ?> balances)) {
        continue;
      }
      reads++;
      long total = 0;
      for (Map.Entry<?, ?> b : balances.entrySet()) {
        long balance = ((Number) b.getValue()).longValue();
        total += balance;
        if (balance < 0 && anomalies.size() < NoLostWrites.MAX_LISTED) {
          anomalies.add(negative(r, b.getKey(), balance));
        }
      }
      if (expected == null) {
        expected = total;
        first = r;
      } else if (total != expected && anomalies.size() < NoLostWrites.MAX_LISTED) {
        anomalies.add(wrongTotal(r, total, expected, first));
      }
    }
    long transfers = history.clientOperations("transfer").stream().filter(Operation::ok).count();
    if (reads == 0 && transfers > 0) {
      anomalies.add(
          Anomaly.unknown(
              "no-final-read", null, transfers + " transfer(s) but no ok read", List.of()));
    }
    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put("transfersOk", transfers);
    stats.put("reads", reads);
    if (expected != null) {
      stats.put("expectedTotal", expected);
    }
    return Result.of(name(), anomalies, stats);
  }

  private static Anomaly negative(Operation read, Object account, long balance) {
    return Anomaly.invalid(
            "negative",
            String.valueOf(account),
            Explain.op(read.completion()) + " shows account " + account + " at " + balance,
            List.of(read.completion()))
        .with(Map.of("account", account, "balance", balance));
  }

  private static Anomaly wrongTotal(Operation read, long total, long expected, Operation first) {
    String basis =
        first == null
            ? " (the expected total)"
            : " (the total of the first read, " + Explain.op(first.completion()) + ")";
    List<Op> ops =
        first == null ? List.of(read.completion()) : List.of(first.completion(), read.completion());
    return Anomaly.invalid(
            "wrong-total",
            null,
            Explain.op(read.completion()) + " totals " + total + ", not " + expected + basis,
            ops)
        .with(Map.of("total", total, "expected", expected));
  }
}
