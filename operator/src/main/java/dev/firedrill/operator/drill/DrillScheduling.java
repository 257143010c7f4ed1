package dev.firedrill.operator.drill;

import dev.firedrill.engine.model.Schedule;
import dev.firedrill.operator.api.v1alpha1.Drill;
import dev.firedrill.operator.api.v1alpha1.DrillRun;
import dev.firedrill.operator.api.v1alpha1.DrillRunSpec.Trigger;
import dev.firedrill.operator.api.v1alpha1.DrillStatus;
import dev.firedrill.operator.schedule.HistoryLimits;
import dev.firedrill.operator.schedule.QuartzSchedules;
import dev.firedrill.operator.schedule.ScheduleDecider;
import dev.firedrill.operator.schedule.ScheduleDecision;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The schedule phase of a Drill's reconcile: decide ({@link ScheduleDecider}, pure), act (start,
 * replace or skip a run; delete runs beyond the history limits), keep the Quartz trigger in step
 * with the spec, and record the outcome in the status (through {@link DrillStatuses}) and in
 * Events.
 */
@ApplicationScoped
public class DrillScheduling {

  private final DrillRuns runs;
  private final QuartzSchedules quartz;
  private final DrillEvents events;

  @Inject
  public DrillScheduling(DrillRuns runs, QuartzSchedules quartz, DrillEvents events) {
    this.runs = runs;
    this.quartz = quartz;
    this.events = events;
  }

  /**
   * What the schedule phase did.
   *
   * @param status the status with the schedule's fields
   * @param runs the drill's runs afterwards (started ones in, pruned ones out)
   * @param waiting true when replaced runs must be gone before the new run starts: look again soon
   */
  public record Outcome(DrillStatus status, List<DrillRun> runs, boolean waiting) {}

  /** Tells {@code handler} which drill's Quartz trigger fired. */
  public void onFire(Consumer<ResourceID> handler) {
    quartz.onFire(handler);
  }

  /** Forgets the drill's trigger (the Drill is gone). */
  public void forget(ResourceID drill) {
    quartz.remove(drill);
  }

  /**
   * Applies the drill's schedule at {@code now}.
   *
   * @param valid whether the drill passed validation; an invalid drill is never scheduled
   */
  public Outcome apply(
      Drill drill, boolean valid, DrillStatus status, List<DrillRun> current, Instant now) {
    ResourceID id = ResourceID.fromResource(drill);
    Schedule schedule = drill.getSpec() == null ? null : drill.getSpec().schedule();
    if (schedule == null) {
      quartz.remove(id);
      return new Outcome(DrillStatuses.unscheduled(status), current, false);
    }
    if (!valid) {
      quartz.remove(id);
      return new Outcome(DrillStatuses.notScheduled(drill, status, now), current, false);
    }
    String created = drill.getMetadata().getCreationTimestamp();
    Instant since =
        status.lastScheduleTime() != null
            ? Instant.parse(status.lastScheduleTime())
            : created != null ? Instant.parse(created) : now;
    List<DrillRun> after = new ArrayList<>(current);
    ScheduleDecision decision =
        ScheduleDecider.decide(schedule, since, now, after.stream().map(DrillRuns::view).toList());
    act(drill, decision, after);
    quartz.sync(id, schedule.suspend() ? null : schedule);

    List<String> pruned =
        HistoryLimits.toDelete(schedule, after.stream().map(DrillRuns::view).toList());
    if (!pruned.isEmpty()) {
      runs.delete(drill, pruned);
      Set<String> gone = Set.copyOf(pruned);
      after.removeIf(r -> gone.contains(r.getMetadata().getName()));
      events.normal(
          drill,
          DrillEvents.RUNS_PRUNED,
          "deleted " + String.join(", ", pruned) + " (history limits)");
    }
    return new Outcome(
        DrillStatuses.scheduled(drill, status, schedule, decision, now), after, decision.waiting());
  }

  private void act(Drill drill, ScheduleDecision decision, List<DrillRun> after) {
    if (decision.settlesFireTime() && decision.missed() > 0) {
      events.warning(
          drill,
          DrillEvents.RUNS_MISSED,
          decision.action() == ScheduleDecision.Action.MISSED
              ? decision.message()
              : decision.missed()
                  + " fire time(s) before "
                  + decision.fireTime()
                  + " missed (seen only after the starting deadline)");
    }
    switch (decision.action()) {
      case CREATE -> {
        DrillRun run =
            runs.start(
                drill,
                Trigger.SCHEDULE,
                decision.fireTime(),
                Map.of(DrillRuns.SCHEDULED_AT, decision.fireTime().toString()));
        after.add(run);
      }
      case REPLACE -> {
        runs.delete(drill, decision.delete());
        events.normal(drill, DrillEvents.RUNS_REPLACED, decision.message());
      }
      case SKIP_FORBIDDEN -> events.warning(drill, DrillEvents.RUN_SKIPPED, decision.message());
      case NONE, SUSPENDED, ALREADY_STARTED, MISSED, WAIT_FOR_REPLACED -> {}
    }
  }
}
