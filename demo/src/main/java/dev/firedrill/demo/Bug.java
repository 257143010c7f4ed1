package dev.firedrill.demo;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A seeded bug, one per failure mode the drills in {@code drills/demo/} must catch. Each bug is
 * acted on by exactly one service ({@link #holder()}); the others ignore it, so the same bug list
 * can be given to every process.
 */
public enum Bug {
  /** Payments ignores the {@code Idempotency-Key}: a retried charge is applied twice. */
  DUPLICATE_PAYMENTS("duplicate-payments", "payments"),
  /** Notifications applies per-entity events as they arrive, with no sequence check. */
  OUT_OF_ORDER("out-of-order", "notifications"),
  /** Orders calls payments with no timeout, no circuit breaker and no bulkhead. */
  NO_TIMEOUT("no-timeout", "orders"),
  /** Orders publishes to the history projection fire-and-forget: an event that fails is lost. */
  PROJECTION_DROPS("projection-drops", "orders"),
  /** Inventory reserves with check-then-act and no lock: concurrent reservations oversell. */
  OVERSELL("oversell", "inventory"),
  /**
   * Orders acknowledges a fulfilment before the warehouse has it (write-behind, one attempt, the
   * error swallowed): a partition between them loses acknowledged orders.
   */
  PHANTOM_WRITES("phantom-writes", "orders"),
  /**
   * Notifications orders each entity's timeline by the wall-clock stamp its producer put on each
   * event instead of by the per-entity sequence: a producer whose clock jumps back puts later
   * events first.
   */
  CLOCK_ORDER("clock-order", "notifications");

  private final String wireName;
  private final String holder;

  Bug(String wireName, String holder) {
    this.wireName = wireName;
    this.holder = holder;
  }

  /** The name used on the command line, in {@code FIREDRILL_DEMO_BUGS} and in JSON. */
  public String wireName() {
    return wireName;
  }

  /** The service whose behaviour this bug changes. */
  public String holder() {
    return holder;
  }

  /**
   * Parses a wire name.
   *
   * @throws IllegalArgumentException naming the valid bugs when {@code name} is not one
   */
  public static Bug fromWire(String name) {
    for (Bug bug : values()) {
      if (bug.wireName.equals(name.trim())) {
        return bug;
      }
    }
    throw new IllegalArgumentException("unknown bug '" + name + "'; known bugs: " + wireNames());
  }

  static String wireNames() {
    return Arrays.stream(values()).map(Bug::wireName).collect(Collectors.joining(", "));
  }
}
