package dev.firedrill.operator.schedule;

import dev.firedrill.engine.model.Schedule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which finished runs of a drill to delete under its schedule's history limits: the newest {@code
 * successfulRunsHistoryLimit} runs that {@linkplain RunView#succeeded() succeeded} and the newest
 * {@code failedRunsHistoryLimit} other finished runs are kept, the older ones go.
 *
 * <p>Runs of every trigger count (Manual, Schedule, CI): the limits bound the drill's history, not
 * one trigger's, so a drill run from CI every hour does not pile up DrillRuns. Runs not yet
 * finished are never deleted here, nor runs already being deleted. Age is the creation time, the
 * name breaking ties, so the choice does not depend on the order of the list.
 */
public final class HistoryLimits {

  private HistoryLimits() {}

  /** Names of the runs to delete, oldest first. */
  public static List<String> toDelete(Schedule schedule, List<RunView> runs) {
    Comparator<RunView> newestFirst =
        Comparator.comparing(RunView::created, Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(RunView::name, Comparator.reverseOrder());
    List<RunView> finished =
        runs.stream().filter(r -> r.terminal() && !r.deleting()).sorted(newestFirst).toList();
    List<RunView> succeeded = finished.stream().filter(RunView::succeeded).toList();
    List<RunView> failed = finished.stream().filter(r -> !r.succeeded()).toList();
    List<RunView> beyond = new ArrayList<>();
    beyond.addAll(beyond(succeeded, schedule.successfulRunsHistoryLimit()));
    beyond.addAll(beyond(failed, schedule.failedRunsHistoryLimit()));
    return beyond.stream().sorted(newestFirst.reversed()).map(RunView::name).toList();
  }

  private static List<RunView> beyond(List<RunView> newestFirst, int limit) {
    return newestFirst.size() <= limit ? List.of() : newestFirst.subList(limit, newestFirst.size());
  }
}
