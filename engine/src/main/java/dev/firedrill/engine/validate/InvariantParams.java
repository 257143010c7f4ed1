package dev.firedrill.engine.validate;

import dev.firedrill.engine.model.InvariantSpec;
import dev.firedrill.engine.model.InvariantType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Which parameters each invariant takes; a parameter given to another invariant is a mistake. */
final class InvariantParams {

  private static final Map<InvariantType, Set<String>> TAKES =
      Map.of(
          InvariantType.CONVERGENCE, Set.of("within"),
          InvariantType.RECOVERY, Set.of("within", "probes", "maxErrorRate", "maxLatency"),
          InvariantType.NO_CASCADE, Set.of("probes", "maxErrorRate", "maxLatency"),
          InvariantType.LINEARIZABLE, Set.of("model", "initial"),
          InvariantType.CONSERVATION, Set.of("total"));

  private InvariantParams() {}

  static void check(RuleContext ctx, String at, InvariantSpec inv) {
    Set<String> takes = TAKES.getOrDefault(inv.type(), Set.of());
    for (String given : given(inv)) {
      if (!takes.contains(given)) {
        ctx.problem(
            at + "." + given,
            given + " does not apply to " + WorkloadRules.wire(inv.type()),
            takes.isEmpty()
                ? "remove it: " + WorkloadRules.wire(inv.type()) + " takes no parameters"
                : "remove it; "
                    + WorkloadRules.wire(inv.type())
                    + " takes "
                    + String.join(", ", new java.util.TreeSet<>(takes)));
      }
    }
  }

  private static List<String> given(InvariantSpec inv) {
    List<String> given = new ArrayList<>();
    if (inv.within() != null) given.add("within");
    if (!inv.probes().isEmpty()) given.add("probes");
    if (inv.maxErrorRate() != null) given.add("maxErrorRate");
    if (inv.maxLatency() != null) given.add("maxLatency");
    if (inv.model() != null) given.add("model");
    if (inv.initial() != null) given.add("initial");
    if (inv.total() != null) given.add("total");
    return given;
  }
}
