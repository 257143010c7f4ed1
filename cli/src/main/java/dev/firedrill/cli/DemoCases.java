package dev.firedrill.cli;

import java.util.List;

/** The demo drills: which seeded bug each catches, with which invariant and anomaly. */
public final class DemoCases {

  /** One demo drill, run with its bug on (expect Fail with the anomaly) and off (expect Pass). */
  public record DemoCase(String file, String bug, String invariant, String anomaly) {}

  public static final List<DemoCase> ALL =
      List.of(new DemoCase("inventory-oversell.yaml", "oversell", "conservation", "negative"));

  private DemoCases() {}
}
