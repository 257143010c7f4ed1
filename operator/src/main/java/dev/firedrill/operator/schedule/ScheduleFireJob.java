package dev.firedrill.operator.schedule;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;

/**
 * The Quartz job of a drill's trigger: tells {@link QuartzSchedules} which drill's schedule fired.
 * It reaches it through the scheduler's context, so it needs no dependency injection and runs the
 * same under Quarkus' job factory and a plain Quartz scheduler.
 */
@DisallowConcurrentExecution
public class ScheduleFireJob implements Job {

  static final String NAMESPACE = "namespace";
  static final String NAME = "name";

  @Override
  public void execute(JobExecutionContext context) throws JobExecutionException {
    JobDataMap data = context.getMergedJobDataMap();
    String namespace = data.getString(NAMESPACE);
    ResourceID drill =
        new ResourceID(
            data.getString(NAME), namespace == null || namespace.isEmpty() ? null : namespace);
    try {
      Object schedules = context.getScheduler().getContext().get(QuartzSchedules.CONTEXT_KEY);
      if (schedules instanceof QuartzSchedules s) {
        s.fired(drill);
      }
    } catch (SchedulerException e) {
      throw new JobExecutionException("cannot reach the drill schedules", e);
    }
  }
}
