package dev.firedrill.operator.schedule;

import dev.firedrill.engine.model.Schedule;
import dev.firedrill.operator.schedule.ScheduleDecision.Action;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.TimeZone;
import org.quartz.CronExpression;

/**
 * Decides what a drill's schedule asks for at a given instant: a pure function of the schedule, the
 * last fire time already dealt with, the time now and the drill's runs, so that tests move a clock
 * instead of waiting. The Quartz trigger only wakes the reconciler at a fire time; this is where
 * the decision is made, the same for a trigger that fired on time, a reconcile after an operator
 * outage and a retried reconcile.
 *
 * <p>Rules, as a CronJob's: of the fire times after {@code since} and not after now, only the
 * latest may start a run, and only within the starting deadline; every other one is missed and
 * counted. Forbid skips a fire time while a run of the drill is not terminal; Replace deletes the
 * active runs (their finalizers heal them) and starts the new run once they are gone, which it must
 * still do within the deadline; Allow starts it alongside. Runs of every trigger count as active,
 * since two runs of one drill at once attack the same target.
 */
public final class ScheduleDecider {

  /**
   * Fire times counted one by one before the scan jumps to the start of the deadline window (a cron
   * every second after a week's outage): the missed count is then a lower bound.
   */
  static final int MAX_SCAN = 10_000;

  private ScheduleDecider() {}

  /**
   * The decision at {@code now}.
   *
   * @param since the last fire time dealt with ({@code status.lastScheduleTime}), else the Drill's
   *     creation: only later fire times are due
   * @param runs the drill's runs, whatever started them
   */
  public static ScheduleDecision decide(
      Schedule schedule, Instant since, Instant now, List<RunView> runs) {
    if (schedule.suspend()) {
      return new ScheduleDecision(
          Action.SUSPENDED, null, 0, List.of(), null, "the schedule is suspended");
    }
    CronExpression cron = cron(schedule);
    Duration deadline = schedule.startingDeadlineDuration();

    Instant latest = null;
    long due = 0;
    Instant cursor = since;
    for (Instant t = after(cron, cursor); t != null && !t.isAfter(now); t = after(cron, cursor)) {
      due++;
      latest = t;
      cursor = t;
      Instant windowStart = now.minus(deadline);
      if (due % MAX_SCAN == 0 && windowStart.isAfter(cursor)) {
        cursor = windowStart;
      }
    }
    Instant next = after(cron, latest == null || now.isAfter(latest) ? now : latest);
    if (latest == null) {
      return new ScheduleDecision(Action.NONE, null, 0, List.of(), next, "nothing due");
    }
    Instant fire = latest;
    long older = due - 1;
    if (runs.stream().anyMatch(r -> fire.equals(r.scheduledAt()))) {
      return new ScheduleDecision(
          Action.ALREADY_STARTED, fire, older, List.of(), next, "the run is already started");
    }
    if (Duration.between(latest, now).compareTo(deadline) > 0) {
      return new ScheduleDecision(
          Action.MISSED,
          latest,
          due,
          List.of(),
          next,
          due
              + " fire time(s) up to "
              + latest
              + " missed: seen only at "
              + now
              + ", after the starting deadline of "
              + schedule.startingDeadline());
    }
    List<RunView> active = runs.stream().filter(r -> !r.terminal()).toList();
    return switch (schedule.concurrencyPolicy()) {
      case ALLOW -> create(fire, older, next);
      case FORBID ->
          active.isEmpty()
              ? create(fire, older, next)
              : new ScheduleDecision(
                  Action.SKIP_FORBIDDEN,
                  fire,
                  older,
                  List.of(),
                  next,
                  "fire time "
                      + fire
                      + " skipped: "
                      + names(active)
                      + " still running (concurrencyPolicy Forbid)");
      case REPLACE -> replace(fire, older, next, active);
    };
  }

  /** The first fire time strictly after {@code instant}, or null when there is none. */
  public static Instant next(Schedule schedule, Instant instant) {
    return after(cron(schedule), instant);
  }

  private static ScheduleDecision replace(
      Instant fire, long older, Instant next, List<RunView> active) {
    List<String> toDelete = active.stream().filter(r -> !r.deleting()).map(RunView::name).toList();
    if (!toDelete.isEmpty()) {
      return new ScheduleDecision(
          Action.REPLACE,
          fire,
          0,
          toDelete,
          next,
          "fire time " + fire + ": replacing " + String.join(", ", toDelete));
    }
    if (!active.isEmpty()) {
      return new ScheduleDecision(
          Action.WAIT_FOR_REPLACED,
          fire,
          0,
          List.of(),
          next,
          "fire time " + fire + ": waiting until " + names(active) + " healed and gone");
    }
    return create(fire, older, next);
  }

  private static ScheduleDecision create(Instant fire, long older, Instant next) {
    return new ScheduleDecision(
        Action.CREATE, fire, older, List.of(), next, "fire time " + fire + ": run started");
  }

  private static String names(List<RunView> runs) {
    return String.join(", ", runs.stream().map(RunView::name).toList());
  }

  private static Instant after(CronExpression cron, Instant instant) {
    Date next = cron.getTimeAfter(Date.from(instant));
    return next == null ? null : next.toInstant();
  }

  private static CronExpression cron(Schedule schedule) {
    try {
      CronExpression cron = new CronExpression(schedule.cron());
      cron.setTimeZone(
          TimeZone.getTimeZone(ZoneId.of(Objects.requireNonNull(schedule.timeZone()))));
      return cron;
    } catch (ParseException e) {
      // Unreachable for a drill that passed validation, which parses the same expression.
      throw new IllegalArgumentException("not a Quartz cron expression: " + schedule.cron(), e);
    }
  }
}
