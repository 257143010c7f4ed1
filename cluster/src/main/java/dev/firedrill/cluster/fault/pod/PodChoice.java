package dev.firedrill.cluster.fault.pod;

import dev.firedrill.engine.model.PodKill;
import dev.firedrill.engine.model.PodPhase;
import dev.firedrill.engine.plan.PodKills;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Which of the listed pods a kill takes: pure, so the choice is tested without an API server. The
 * candidates are the pods that match the selector, are in one of the kill's phases and are not
 * already being deleted, sorted by name so that the order the API lists them in never changes the
 * choice; among them {@link PodKills#choose} takes the mode's count with the fault's seed.
 */
public final class PodChoice {

  private PodChoice() {}

  /** The candidates among {@code pods}, by name. */
  public static List<Pod> candidates(List<Pod> pods, PodSelector selector, PodKill kill) {
    List<String> phases = kill.phasesOrDefault().stream().map(PodPhase::wire).toList();
    return pods.stream()
        .filter(selector::matches)
        .filter(p -> !Pods.terminating(p))
        .filter(p -> phases.contains(Pods.phase(p)))
        .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
        .toList();
  }

  /**
   * The pods {@code kill} takes, chosen by {@code seed}.
   *
   * @throws IllegalStateException when no pod is a candidate, naming what the selector did find
   */
  public static List<Pod> choose(List<Pod> pods, PodSelector selector, PodKill kill, long seed) {
    List<Pod> candidates = candidates(pods, selector, kill);
    if (candidates.isEmpty()) {
      throw new IllegalStateException(nothingToKill(pods, selector, kill));
    }
    return PodKills.choose(kill, candidates, seed);
  }

  /** Why nothing can be killed: what the labels matched, by phase, so the fix is plain. */
  static String nothingToKill(List<Pod> pods, PodSelector selector, PodKill kill) {
    List<Pod> matching = pods.stream().filter(selector::matches).toList();
    String phases =
        kill.phasesOrDefault().stream().map(PodPhase::wire).collect(Collectors.joining(", "));
    String head = "no pod to kill: nothing matches " + selector.describe();
    if (matching.isEmpty()) {
      return head
          + " (check the labels and the namespace; kubectl get pods -n "
          + selector.namespace()
          + " --show-labels)";
    }
    Map<String, Integer> byState = new TreeMap<>();
    for (Pod p : matching) {
      String state = Pods.terminating(p) ? "being deleted" : String.valueOf(Pods.phase(p));
      byState.merge(state, 1, Integer::sum);
    }
    return head
        + " with phase "
        + phases
        + " ("
        + matching.size()
        + " match the labels: "
        + byState.entrySet().stream()
            .map(e -> e.getValue() + " " + e.getKey())
            .collect(Collectors.joining(", "))
        + ")";
  }
}
