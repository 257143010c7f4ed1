package dev.firedrill.operator.schedule;

import dev.firedrill.engine.model.Schedule;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;
import java.util.function.Consumer;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;

/**
 * One Quartz cron trigger per scheduled Drill, in Quartz's in-memory store: nothing survives the
 * process, the jobs are rebuilt from the Drill objects as the reconciler sees each of them at
 * start. Only the leader reconciles (JOSDK leader election starts the controllers on the leader
 * only), so only the leader has triggers. A trigger holds no decision: when it fires it hands the
 * Drill's id to the fire handler (the reconciler's event source), and the reconcile decides with
 * {@link ScheduleDecider}. Misfires are ignored here for the same reason: a fire time the process
 * slept through is found by the decider from {@code status.lastScheduleTime}.
 */
@ApplicationScoped
public class QuartzSchedules {

  /** Quartz group of the drills' jobs and triggers. */
  static final String GROUP = "firedrill-drills";

  /** Key of this object in the Quartz scheduler's context, read by {@link ScheduleFireJob}. */
  static final String CONTEXT_KEY = QuartzSchedules.class.getName();

  private final Scheduler quartz;
  private volatile Consumer<ResourceID> onFire = id -> {};

  @Inject
  public QuartzSchedules(Scheduler quartz) {
    this.quartz = quartz;
    try {
      quartz.getContext().put(CONTEXT_KEY, this);
    } catch (SchedulerException e) {
      throw new IllegalStateException("cannot reach the Quartz scheduler's context", e);
    }
  }

  /** Who is told when a drill's trigger fires: the reconciler's event source. */
  public void onFire(Consumer<ResourceID> handler) {
    this.onFire = handler;
  }

  /**
   * Makes the drill's trigger match {@code schedule}: created, replaced when the cron or time zone
   * changed, removed when {@code schedule} is null (no schedule, suspended, or the drill invalid).
   */
  public void sync(ResourceID drill, Schedule schedule) {
    if (schedule == null) {
      remove(drill);
      return;
    }
    TimeZone zone = TimeZone.getTimeZone(ZoneId.of(schedule.timeZone()));
    try {
      if (quartz.getTrigger(triggerKey(drill)) instanceof CronTrigger current
          && current.getCronExpression().equals(schedule.cron())
          && current.getTimeZone().getID().equals(zone.getID())) {
        return;
      }
      JobDetail job =
          JobBuilder.newJob(ScheduleFireJob.class)
              .withIdentity(jobKey(drill))
              .usingJobData(ScheduleFireJob.NAMESPACE, drill.getNamespace().orElse(""))
              .usingJobData(ScheduleFireJob.NAME, drill.getName())
              .build();
      Trigger trigger =
          TriggerBuilder.newTrigger()
              .withIdentity(triggerKey(drill))
              .forJob(job)
              .withSchedule(
                  CronScheduleBuilder.cronSchedule(schedule.cron())
                      .inTimeZone(zone)
                      .withMisfireHandlingInstructionDoNothing())
              .build();
      quartz.scheduleJob(job, Set.of(trigger), true);
    } catch (SchedulerException | RuntimeException e) {
      throw new IllegalStateException("cannot schedule drill " + drill + ": " + e.getMessage(), e);
    }
  }

  /** Removes the drill's trigger, if any. */
  public void remove(ResourceID drill) {
    try {
      quartz.deleteJob(jobKey(drill));
    } catch (SchedulerException e) {
      throw new IllegalStateException("cannot unschedule drill " + drill, e);
    }
  }

  /** When the drill's trigger fires next, if it has one. */
  public Optional<Instant> nextFireTime(ResourceID drill) {
    try {
      Trigger trigger = quartz.getTrigger(triggerKey(drill));
      return trigger == null || trigger.getNextFireTime() == null
          ? Optional.empty()
          : Optional.of(trigger.getNextFireTime().toInstant());
    } catch (SchedulerException e) {
      throw new IllegalStateException("cannot read the trigger of drill " + drill, e);
    }
  }

  /** Called by {@link ScheduleFireJob} on Quartz's thread. */
  void fired(ResourceID drill) {
    onFire.accept(drill);
  }

  private static JobKey jobKey(ResourceID drill) {
    return JobKey.jobKey(key(drill), GROUP);
  }

  private static TriggerKey triggerKey(ResourceID drill) {
    return TriggerKey.triggerKey(key(drill), GROUP);
  }

  private static String key(ResourceID drill) {
    return drill.getNamespace().orElse("") + "/" + drill.getName();
  }
}
