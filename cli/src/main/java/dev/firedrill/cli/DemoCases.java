package dev.firedrill.cli;

import java.util.List;

/**
 * The demo drills in {@code drills/demo/}, one per seeded bug of the demo shop (docs/demo.md): each
 * must end Fail with {@code anomaly} reported by {@code invariant} when its bug is switched on
 * ({@code FIREDRILL_DEMO_BUGS=bug}), and Pass when it is off. {@code firedrill demo} and {@code
 * DemoDrillsIT} run these cases.
 */
public final class DemoCases {

  /** The folder of the demo drills, relative to the repository's root. */
  public static final String DIRECTORY = "drills/demo";

  /**
   * One demo drill.
   *
   * @param file the drill's file name in {@link #DIRECTORY}
   * @param bug the seeded bug it catches
   * @param invariant the invariant (wire name, as in the drill) that catches it
   * @param anomaly the anomaly kind that invariant reports with the bug on
   */
  public record DemoCase(String file, String bug, String invariant, String anomaly) {}

  /** Every demo drill, in the order of the table in docs/demo.md. */
  public static final List<DemoCase> ALL =
      List.of(
          new DemoCase("inventory-oversell.yaml", "oversell", "conservation", "negative"),
          new DemoCase(
              "duplicate-payments.yaml", "duplicate-payments", "noDuplicates", "duplicate"),
          new DemoCase("out-of-order-events.yaml", "out-of-order", "ordering", "out-of-order"),
          new DemoCase("payment-cascade.yaml", "no-timeout", "noCascade", "cascade"),
          new DemoCase("projection-drops.yaml", "projection-drops", "convergence", "not-converged"),
          new DemoCase("phantom-writes.yaml", "phantom-writes", "noLostWrites", "lost"),
          new DemoCase("time-travel.yaml", "clock-order", "ordering", "out-of-order"));

  private DemoCases() {}
}
