package dev.firedrill.cluster.status;

import dev.firedrill.engine.fault.LedgerEntry;
import dev.firedrill.engine.model.DrillSpec;
import dev.firedrill.engine.model.RunPhase;
import dev.firedrill.engine.model.Verdict;
import dev.firedrill.operator.api.v1alpha1.DrillRunStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/**
 * A copy of a {@link DrillRunStatus} with some fields changed; used by {@link DrillRunStatuses}.
 */
final class StatusBuilder {
  private RunPhase phase;
  private Verdict verdict;
  private String message;
  private String startTime;
  private String completionTime;
  private Long drillGeneration;
  private DrillSpec snapshot;
  private Long seed;
  private String runId;
  private String runner;
  private String toxiproxyUrl;
  private List<DrillRunStatus.PlannedStep> planned;
  private List<LedgerEntry> faults;
  private DrillRunStatus.Operations operations;
  private List<DrillRunStatus.InvariantSummary> invariants;
  private Integer anomalyCount;
  private List<DrillRunStatus.AnomalySummary> anomalies;
  private String reportUrl;
  private List<Condition> conditions;

  StatusBuilder(DrillRunStatus s) {
    phase = s.phase();
    verdict = s.verdict();
    message = s.message();
    startTime = s.startTime();
    completionTime = s.completionTime();
    drillGeneration = s.drillGeneration();
    snapshot = s.snapshot();
    seed = s.seed();
    runId = s.runId();
    runner = s.runner();
    toxiproxyUrl = s.toxiproxyUrl();
    planned = s.planned();
    faults = s.faults();
    operations = s.operations();
    invariants = s.invariants();
    anomalyCount = s.anomalyCount();
    anomalies = s.anomalies();
    reportUrl = s.reportUrl();
    conditions = s.conditions();
  }

  StatusBuilder phase(RunPhase v) {
    phase = v;
    return this;
  }

  StatusBuilder verdict(Verdict v) {
    verdict = v;
    return this;
  }

  StatusBuilder message(String v) {
    message = v;
    return this;
  }

  StatusBuilder startTime(String v) {
    startTime = v;
    return this;
  }

  StatusBuilder completionTime(String v) {
    completionTime = v;
    return this;
  }

  StatusBuilder drillGeneration(Long v) {
    drillGeneration = v;
    return this;
  }

  StatusBuilder snapshot(DrillSpec v) {
    snapshot = v;
    return this;
  }

  StatusBuilder seed(Long v) {
    seed = v;
    return this;
  }

  StatusBuilder runId(String v) {
    runId = v;
    return this;
  }

  StatusBuilder runner(String v) {
    runner = v;
    return this;
  }

  StatusBuilder toxiproxyUrl(String v) {
    toxiproxyUrl = v;
    return this;
  }

  StatusBuilder planned(List<DrillRunStatus.PlannedStep> v) {
    planned = v;
    return this;
  }

  StatusBuilder faults(List<LedgerEntry> v) {
    faults = v;
    return this;
  }

  StatusBuilder operations(DrillRunStatus.Operations v) {
    operations = v;
    return this;
  }

  StatusBuilder invariants(List<DrillRunStatus.InvariantSummary> v) {
    invariants = v;
    return this;
  }

  StatusBuilder anomalyCount(Integer v) {
    anomalyCount = v;
    return this;
  }

  StatusBuilder anomalies(List<DrillRunStatus.AnomalySummary> v) {
    anomalies = v;
    return this;
  }

  StatusBuilder reportUrl(String v) {
    reportUrl = v;
    return this;
  }

  StatusBuilder conditions(List<Condition> v) {
    conditions = v;
    return this;
  }

  DrillRunStatus build() {
    return new DrillRunStatus(
        phase,
        verdict,
        message,
        startTime,
        completionTime,
        drillGeneration,
        snapshot,
        seed,
        runId,
        runner,
        toxiproxyUrl,
        planned,
        faults,
        operations,
        invariants,
        anomalyCount,
        anomalies,
        reportUrl,
        conditions);
  }
}
