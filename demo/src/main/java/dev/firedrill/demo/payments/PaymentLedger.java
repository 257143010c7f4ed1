package dev.firedrill.demo.payments;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every charge ever applied, in order, and the idempotency keys seen. Correct behaviour: a charge
 * whose key was seen before is not applied again; the first charge is returned instead. With {@code
 * ignoreKeys} (the {@code duplicate-payments} bug) every request is a new charge, so a client retry
 * after a lost response charges twice.
 */
public final class PaymentLedger {

  /** One applied charge. {@code idempotencyKey} is null when the client sent none. */
  public record Charge(
      String paymentId, String orderId, long amount, String idempotencyKey, long appliedAtMillis) {}

  /** The outcome of a charge request. {@code replayed}: an earlier charge with the key returned. */
  public record Outcome(Charge charge, boolean replayed) {}

  private final boolean ignoreKeys;
  private final List<Charge> charges = new ArrayList<>();
  private final Map<String, Charge> byKey = new HashMap<>();

  public PaymentLedger(boolean ignoreKeys) {
    this.ignoreKeys = ignoreKeys;
  }

  /**
   * Applies a charge unless its key was seen.
   *
   * @throws IllegalStateException when the key was seen with a different order or amount
   */
  public synchronized Outcome charge(String orderId, long amount, String idempotencyKey) {
    if (!ignoreKeys && idempotencyKey != null) {
      Charge earlier = byKey.get(idempotencyKey);
      if (earlier != null) {
        if (!earlier.orderId().equals(orderId) || earlier.amount() != amount) {
          throw new IllegalStateException(
              "Idempotency-Key " + idempotencyKey + " was used for a different charge");
        }
        return new Outcome(earlier, true);
      }
    }
    Charge charge =
        new Charge(
            "pay-" + (charges.size() + 1),
            orderId,
            amount,
            idempotencyKey,
            System.currentTimeMillis());
    charges.add(charge);
    if (idempotencyKey != null) {
      byKey.putIfAbsent(idempotencyKey, charge);
    }
    return new Outcome(charge, false);
  }

  /** A copy of every applied charge, oldest first. */
  public synchronized List<Charge> charges() {
    return List.copyOf(charges);
  }
}
