package dev.firedrill.operator.schedule;

import java.time.Instant;
import java.util.List;

/**
 * What to do about a drill's schedule now, decided by {@link ScheduleDecider}.
 *
 * @param action what to do
 * @param fireTime the fire time the action is about; null for {@link Action#NONE} and {@link
 *     Action#SUSPENDED}
 * @param missed fire times newly skipped as past the starting deadline (added to {@code
 *     status.missedRuns})
 * @param delete active runs to delete first ({@link Action#REPLACE})
 * @param nextRunTime the next fire time after now; null while suspended
 * @param message what happened, in a sentence, for the Scheduled condition
 */
public record ScheduleDecision(
    Action action,
    Instant fireTime,
    long missed,
    List<String> delete,
    Instant nextRunTime,
    String message) {

  public ScheduleDecision {
    delete = List.copyOf(delete);
  }

  /** True when {@link #fireTime} is dealt with and becomes the drill's {@code lastScheduleTime}. */
  public boolean settlesFireTime() {
    return switch (action) {
      case CREATE, ALREADY_STARTED, SKIP_FORBIDDEN, MISSED -> true;
      case NONE, SUSPENDED, REPLACE, WAIT_FOR_REPLACED -> false;
    };
  }

  /** True when the reconciler must look again soon: runs being replaced must be gone first. */
  public boolean waiting() {
    return action == Action.REPLACE || action == Action.WAIT_FOR_REPLACED;
  }

  /** The possible outcomes. */
  public enum Action {
    /** No fire time is due. */
    NONE,
    /** The schedule is suspended: nothing fires. */
    SUSPENDED,
    /** Start a run for {@link #fireTime}. */
    CREATE,
    /** A run for {@link #fireTime} already exists (a retried reconcile); nothing to start. */
    ALREADY_STARTED,
    /**
     * concurrencyPolicy Forbid and a run of the drill is still going: this fire time is skipped.
     */
    SKIP_FORBIDDEN,
    /** The latest due fire time is older than the starting deadline: skipped and counted. */
    MISSED,
    /** concurrencyPolicy Replace: delete {@link #delete}, then start the run once they are gone. */
    REPLACE,
    /** concurrencyPolicy Replace: the replaced runs are still healing; start once they are gone. */
    WAIT_FOR_REPLACED
  }
}
