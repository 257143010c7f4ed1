package dev.firedrill.cluster.status;

import dev.firedrill.check.checker.Anomaly;
import dev.firedrill.check.history.Op;
import dev.firedrill.engine.fault.LedgerEntry;
import dev.firedrill.engine.model.DrillSpec;
import dev.firedrill.engine.model.DurationText;
import dev.firedrill.engine.model.RunPhase;
import dev.firedrill.engine.model.Verdict;
import dev.firedrill.engine.plan.Plan;
import dev.firedrill.engine.plan.PlannedFault;
import dev.firedrill.engine.run.RunResult;
import dev.firedrill.engine.workload.OpenLoop;
import dev.firedrill.operator.api.v1alpha1.DrillRunStatus;
import dev.firedrill.operator.api.v1alpha1.DrillRunStatus.AnomalySummary;
import dev.firedrill.operator.api.v1alpha1.DrillRunStatus.InvariantSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one writer of {@link DrillRunStatus}: every change to a run's status, by the operator or by
 * the runner, is one of these pure functions of the previous status. They enforce the lifecycle:
 * phases only move forward, a terminal status is never changed (but for ledger entries healed after
 * the end), ledger entries are kept by key and never dropped.
 */
public final class DrillRunStatuses {

  /** How many anomalies the status lists in full; the rest are only counted. */
  public static final int MAX_ANOMALIES = 10;

  private static final int MAX_MESSAGE = 2000;

  private DrillRunStatuses() {}

  /** The status before anything happened. */
  public static DrillRunStatus initial() {
    return builder(DrillRunStatus.empty())
        .phase(RunPhase.PENDING)
        .message("waiting for the operator")
        .build();
  }

  /**
   * Pending, with the drill as it is now: the snapshot the run keeps whatever happens to the Drill,
   * and the plan.
   */
  public static DrillRunStatus snapshot(
      DrillRunStatus old, DrillSpec spec, long generation, Plan plan, String runId) {
    if (old.terminal()) {
      return old;
    }
    List<DrillRunStatus.PlannedStep> steps = new ArrayList<>();
    for (PlannedFault f : plan.faults()) {
      steps.add(
          new DrillRunStatus.PlannedStep(
              f.id(),
              f.action().kind(),
              DurationText.format(f.start()),
              f.end() == null ? null : DurationText.format(f.end()),
              f.targets()));
    }
    return builder(old)
        .phase(RunPhase.PENDING)
        .message("planned " + steps.size() + " fault(s) with seed " + plan.seed())
        .drillGeneration(generation)
        .snapshot(spec)
        .seed(plan.seed())
        .runId(runId)
        .planned(steps)
        .build();
  }

  /** The run's own Toxiproxy, set up with the intercepted Services' proxies: still Pending. */
  public static DrillRunStatus intercepted(DrillRunStatus old, String toxiproxyUrl) {
    if (old.terminal()) {
      return old;
    }
    return builder(old)
        .toxiproxyUrl(toxiproxyUrl)
        .message("Services intercepted through " + toxiproxyUrl)
        .build();
  }

  /** The runner Job exists: Running. */
  public static DrillRunStatus started(DrillRunStatus old, String runner, Instant now) {
    if (old.terminal() || past(old.phase(), RunPhase.RUNNING)) {
      return old;
    }
    return builder(old)
        .phase(RunPhase.RUNNING)
        .message("runner " + runner + " started")
        .runner(runner)
        .startTime(old.startTime() != null ? old.startTime() : now.toString())
        .build();
  }

  /** The runner reports a phase; a phase never moves backward and never leaves a terminal one. */
  public static DrillRunStatus runnerPhase(DrillRunStatus old, RunPhase phase, String message) {
    if (old.terminal() || phase.terminal() || !past(phase, old.phase())) {
      return old;
    }
    return builder(old).phase(phase).message(shorten(message)).build();
  }

  /** A ledger entry, added or replaced by its key; allowed after the end too (late heals). */
  public static DrillRunStatus ledger(DrillRunStatus old, LedgerEntry entry) {
    Map<String, LedgerEntry> byKey = new LinkedHashMap<>();
    old.faults().forEach(e -> byKey.put(e.key(), e));
    byKey.put(entry.key(), entry);
    return builder(old).faults(List.copyOf(byKey.values())).build();
  }

  /** The workload's counts so far. */
  public static DrillRunStatus operations(DrillRunStatus old, OpenLoop.Stats stats) {
    if (old.terminal()) {
      return old;
    }
    return builder(old)
        .operations(
            new DrillRunStatus.Operations(
                stats.invoked(), stats.ok(), stats.fail(), stats.info(), stats.dropped()))
        .build();
  }

  /**
   * What the runner found: its verdict, each invariant's summary, the first anomalies with
   * evidence, and where the reports are. The phase stays as the runner left it (Checking): the
   * operator ends the run once it has cleaned up.
   */
  public static DrillRunStatus result(DrillRunStatus old, RunResult r, String reportUrl) {
    if (old.terminal()) {
      return old;
    }
    List<InvariantSummary> invariants = new ArrayList<>();
    List<AnomalySummary> anomalies = new ArrayList<>();
    int count = 0;
    for (RunResult.InvariantResult ir : r.invariants()) {
      String name = invariantName(ir.invariant().type().name());
      List<Anomaly> found =
          ir.result().allAnomalies().stream()
              .filter(a -> a.validity() != dev.firedrill.check.checker.Validity.VALID)
              .toList();
      invariants.add(new InvariantSummary(name, ir.result().validity().wireName(), found.size()));
      count += found.size();
      for (Anomaly a : found) {
        if (anomalies.size() < MAX_ANOMALIES) {
          anomalies.add(
              new AnomalySummary(
                  name,
                  a.kind(),
                  shorten(a.explanation()),
                  a.key(),
                  a.ops().stream().map(Op::index).toList(),
                  a.ops().stream().map(Op::traceId).filter(t -> t != null).distinct().toList()));
        }
      }
    }
    OpenLoop.Stats s = r.load();
    return builder(old)
        .verdict(r.verdict())
        .message(shorten(r.message() == null ? "verdict " + verdictName(r.verdict()) : r.message()))
        .seed(r.seed())
        .runId(r.runId())
        .operations(
            new DrillRunStatus.Operations(s.invoked(), s.ok(), s.fail(), s.info(), s.dropped()))
        .invariants(invariants)
        .anomalyCount(count)
        .anomalies(anomalies)
        .reportUrl(reportUrl)
        .build();
  }

  /**
   * The end, written by the operator once everything is cleaned up: the runner's verdict when it
   * gave one and nothing overrides it, else {@code verdict}.
   *
   * @param phase the terminal phase
   * @param verdict the verdict when the runner gave none, or an override (an abort)
   * @param override true when {@code verdict} replaces the runner's (kill switch, runner death)
   */
  public static DrillRunStatus finished(
      DrillRunStatus old,
      RunPhase phase,
      Verdict verdict,
      String message,
      boolean override,
      Instant now) {
    if (old.terminal()) {
      return old;
    }
    boolean keep = old.verdict() != null && !override;
    Verdict v = keep ? old.verdict() : verdict;
    RunPhase p = keep ? RunPhase.of(old.verdict()) : phase;
    String m = keep ? old.message() : message;
    return builder(old)
        .phase(p)
        .verdict(v)
        .message(shorten(m))
        .completionTime(now.toString())
        .build();
  }

  /** True when {@code a} comes after {@code b} in the lifecycle (null comes first). */
  static boolean past(RunPhase a, RunPhase b) {
    if (b == null) {
      return a != null;
    }
    return a != null && a.ordinal() > b.ordinal();
  }

  private static String invariantName(String enumName) {
    String[] parts = enumName.toLowerCase(Locale.ROOT).split("_");
    StringBuilder out = new StringBuilder(parts[0]);
    for (int i = 1; i < parts.length; i++) {
      out.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
    }
    return out.toString();
  }

  private static String verdictName(Verdict v) {
    String n = v.name().toLowerCase(Locale.ROOT);
    return Character.toUpperCase(n.charAt(0)) + n.substring(1);
  }

  static String shorten(String s) {
    if (s == null || s.length() <= MAX_MESSAGE) {
      return s;
    }
    return s.substring(0, MAX_MESSAGE - 3) + "...";
  }

  private static StatusBuilder builder(DrillRunStatus s) {
    return new StatusBuilder(s);
  }
}
