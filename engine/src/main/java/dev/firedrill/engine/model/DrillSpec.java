package dev.firedrill.engine.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/**
 * A drill: what to attack, what load to drive, and what must stay true. The same record is the
 * {@code spec} of the {@code Drill} custom resource and the content of a local drill file.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record DrillSpec(
    @JsonPropertyDescription("What this drill proves, in a sentence; shown in reports.")
        String description,
    @JsonPropertyDescription(
            "What the drill may touch: pods (namespace + label selector) in a cluster, or local"
                + " processes on one machine. A drill is one or the other: a cluster run refuses"
                + " target.processes, and a local run touches only its processes.")
        @Required
        Target target,
    @JsonPropertyDescription(
            "The Toxiproxy server and the proxies (network links) that network faults act on."
                + " Omit the url to use Firedrill's embedded proxy.")
        ToxiproxySpec toxiproxy,
    @JsonPropertyDescription(
            "Steps run in order once the proxies and processes are up, before the load and the"
                + " steady-state check: HTTP calls or commands that reset the system (empty a"
                + " keyspace, make a data directory). A failed step ends the run Error with nothing"
                + " injected. Steps may use {{runDir}}, {{runId}}, {{seed}} and ${java}.")
        List<StepSpec> setup,
    @JsonPropertyDescription(
            "Steps run in order on every ending (pass, fail, error, abort, cancel), after every"
                + " fault is healed and the final reads are done. A failed step is reported; the"
                + " verdict stays.")
        List<StepSpec> teardown,
    @JsonPropertyDescription("The load driven against the system while faults happen.") @Required
        Workload workload,
    @JsonPropertyDescription(
            "Faults on a timeline relative to the workload's start: each with `at`, optional"
                + " `duration` and `every`, and exactly one action.")
        List<FaultSpec> faults,
    @JsonPropertyDescription(
            "Steady-state measurements, sampled before, during and after faults; referenced by"
                + " guardrails and by the noCascade and recovery invariants.")
        List<ProbeSpec> probes,
    @JsonPropertyDescription(
            "What must hold before the first fault: operations acknowledged, probes healthy. If it"
                + " does not, nothing is injected and the verdict is Error.")
        SteadyState steadyState,
    @JsonPropertyDescription("Abort conditions: when one trips, every fault is healed at once.")
        List<Guardrail> guardrails,
    @JsonPropertyDescription("What must stay true, checked over the recorded history.") @Required
        List<InvariantSpec> invariants,
    @JsonPropertyDescription(
            "How long to wait after healing before the final reads, so the system can recover."
                + " Default 10s.")
        @Pattern(DurationText.PATTERN)
        String recovery,
    @JsonPropertyDescription(
            "Seed of the plan: the same seed gives the same fault targets and operation order.")
        Long seed,
    @JsonPropertyDescription("Run the drill on a schedule (operator only).") Schedule schedule,
    @JsonPropertyDescription(
            "What report.html links to: trace ids as links into the tracing backend, log lines"
                + " around each anomaly.")
        ReportSpec report) {

  public DrillSpec {
    setup = setup == null ? List.of() : List.copyOf(setup);
    teardown = teardown == null ? List.of() : List.copyOf(teardown);
    faults = faults == null ? List.of() : List.copyOf(faults);
    probes = probes == null ? List.of() : List.copyOf(probes);
    steadyState = steadyState == null ? SteadyState.DEFAULT : steadyState;
    guardrails = guardrails == null ? List.of() : List.copyOf(guardrails);
    invariants = invariants == null ? List.of() : List.copyOf(invariants);
  }

  /** The report settings: the drill's, else {@link ReportSpec#DEFAULT}. */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public ReportSpec reportOrDefault() {
    return report == null ? ReportSpec.DEFAULT : report;
  }

  /** A drill with the default report settings. */
  public DrillSpec(
      String description,
      Target target,
      ToxiproxySpec toxiproxy,
      Workload workload,
      List<FaultSpec> faults,
      List<ProbeSpec> probes,
      SteadyState steadyState,
      List<Guardrail> guardrails,
      List<InvariantSpec> invariants,
      String recovery,
      Long seed,
      Schedule schedule) {
    this(
        description,
        target,
        toxiproxy,
        List.of(),
        List.of(),
        workload,
        faults,
        probes,
        steadyState,
        guardrails,
        invariants,
        recovery,
        seed,
        schedule,
        null);
  }
}
