package dev.firedrill.check.checker;

import dev.firedrill.check.history.History;
import dev.firedrill.check.history.Op;
import dev.firedrill.check.history.Operation;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Conservation (the bank invariant): transfers move money between accounts, so the total never
 * changes and no balance goes negative.
 *
 * <p>Ops: {@code transfer} with value {@code {"from":a,"to":b,"amount":n}} (only counted in stats:
 * the invariant is judged on reads), and {@code read} whose ok value maps each account to its
 * balance. Balances are summed exactly (no 64-bit wrap-around, decimals kept). Terms:
 *
 * <ul>
 *   <li><b>total</b>: the sum of the balances in one read.
 *   <li><b>expected total</b>: the given one, else the total of the first ok read.
 *   <li><b>wrong-total</b>: a read whose total differs from the expected total: money was created
 *       or destroyed (or the read was not a consistent snapshot). INVALID.
 *   <li><b>negative</b>: a read with a balance below zero. INVALID.
 *   <li><b>malformed-read</b>: an ok read that is not a map of accounts to numbers; it is left out.
 *       UNKNOWN.
 *   <li>With transfers but no ok read: UNKNOWN ({@code no-final-read}).
 *   <li><b>checked</b> (the evidence count): the ok reads of every balance. With none, and no other
 *       anomaly: UNKNOWN ({@code nothing-to-check}).
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
  public Set<String> reads() {
    return Set.of("transfer", "read");
  }

  @Override
  public Result check(History history) {
    List<Anomaly> anomalies = new ArrayList<>();
    BigDecimal expected = expectedTotal == null ? null : BigDecimal.valueOf(expectedTotal);
    Operation first = null;
    long reads = 0;
    long malformed = 0;
    Operation firstMalformed = null;
    for (Operation r : history.clientOperations("read")) {
      if (!r.ok() || r.completion().value() == null) {
        continue;
      }
      Map<?, BigDecimal> balances = balances(r.value());
      if (balances == null) {
        if (malformed++ == 0) {
          firstMalformed = r;
        }
        continue;
      }
      reads++;
      BigDecimal total = BigDecimal.ZERO;
      for (Map.Entry<?, BigDecimal> b : balances.entrySet()) {
        total = total.add(b.getValue());
        if (b.getValue().signum() < 0 && anomalies.size() < NoLostWrites.MAX_LISTED) {
          anomalies.add(negative(r, b.getKey(), b.getValue()));
        }
      }
      if (expected == null) {
        expected = total;
        first = r;
      } else if (total.compareTo(expected) != 0 && anomalies.size() < NoLostWrites.MAX_LISTED) {
        anomalies.add(wrongTotal(r, total, expected, first));
      }
    }
    if (malformed > 0) {
      anomalies.add(malformed(malformed, firstMalformed));
    }
    long transfers = history.clientOperations("transfer").stream().filter(Operation::ok).count();
    if (reads == 0 && transfers > 0) {
      anomalies.add(
          Anomaly.unknown(
              "no-final-read", null, transfers + " transfer(s) but no ok read", List.of()));
    }
    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put(Evidence.CHECKED, reads);
    stats.put("transfersOk", transfers);
    stats.put("reads", reads);
    if (expected != null) {
      stats.put("expectedTotal", Numbers.plain(expected));
    }
    return Result.of(
        name(),
        Evidence.require(reads, anomalies, "no transfer and no ok read of the balances"),
        stats);
  }

  private static Anomaly malformed(long count, Operation first) {
    return Anomaly.unknown(
        "malformed-read",
        null,
        count
            + " ok read(s) did not return a map of accounts to balances, e.g. "
            + Explain.op(first.completion()),
        List.of(first.completion()));
  }

  /** The balances of a read, exactly; null when it is not a map of accounts to numbers. */
  private static Map<?, BigDecimal> balances(Object value) {
    if (!(value instanceof Map<?, ?> map)) {
      return null;
    }
    Map<Object, BigDecimal> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      BigDecimal b = Numbers.exact(e.getValue());
      if (b == null) {
        return null;
      }
      out.put(e.getKey(), b);
    }
    return out;
  }

  private static Anomaly negative(Operation read, Object account, BigDecimal balance) {
    Object shown = Numbers.plain(balance);
    return Anomaly.invalid(
            "negative",
            String.valueOf(account),
            Explain.op(read.completion()) + " shows account " + account + " at " + shown,
            List.of(read.completion()))
        .with(Map.of("account", account, "balance", shown));
  }

  private static Anomaly wrongTotal(
      Operation read, BigDecimal total, BigDecimal expected, Operation first) {
    String basis =
        first == null
            ? " (the expected total)"
            : " (the total of the first read, " + Explain.op(first.completion()) + ")";
    List<Op> ops =
        first == null ? List.of(read.completion()) : List.of(first.completion(), read.completion());
    Object t = Numbers.plain(total);
    Object e = Numbers.plain(expected);
    return Anomaly.invalid(
            "wrong-total",
            null,
            Explain.op(read.completion()) + " totals " + t + ", not " + e + basis,
            ops)
        .with(Map.of("total", t, "expected", e));
  }
}
