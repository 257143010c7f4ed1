package dev.firedrill.cluster.safety;

import java.util.List;

/**
 * What shows that one field of the drill reference does something: named tests that prove its
 * effect, and drills in which it cannot apply and is refused. {@link DrillFieldsTest} walks every
 * field of {@code schema/drill.schema.json} and requires an entry here for each one.
 *
 * @param field the field's path in a drill's spec, as the schema nests it: {@code
 *     faults[].podKill.gracePeriod}, {@code workload.operations.*.path}
 * @param effects tests that prove the field's effect, each {@code module/Class#method}; the walk
 *     checks each one exists, so a renamed or deleted test fails it
 * @param refusals drills in which the field cannot apply; the walk validates each one and requires
 *     a problem at the refusal's path
 */
record FieldCoverage(String field, List<String> effects, List<Refusal> refusals) {

  /** Where a drill may run: its base drill for a refusal. */
  enum Run {
    /** A drill of local processes ({@code target.processes}), run by {@code firedrill run}. */
    LOCAL,
    /** A drill of pods ({@code target.namespace} and {@code selector}), run in a cluster. */
    CLUSTER
  }

  /**
   * A field set where it cannot apply: the base drill of {@code run} with {@code yaml} (a YAML
   * value) at {@code path} must be refused with a problem at {@code path} (or inside it), by the
   * validator ({@code firedrill lint}) or, in a cluster, by {@link ClusterRules}.
   */
  record Refusal(Run run, String path, String yaml) {}

  static FieldCoverage effect(String field, String... tests) {
    return new FieldCoverage(field, List.of(tests), List.of());
  }

  /** The field's effect, and where it is refused. */
  FieldCoverage refusedIn(Run run, String path, String yaml) {
    List<Refusal> more = new java.util.ArrayList<>(refusals);
    more.add(new Refusal(run, path, yaml));
    return new FieldCoverage(field, effects, List.copyOf(more));
  }
}
