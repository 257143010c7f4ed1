package dev.firedrill.cluster.fault.pod;

import dev.firedrill.engine.model.LabelSelectorRequirement;
import dev.firedrill.engine.model.PodKill;
import dev.firedrill.engine.model.Target;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which pods: a namespace and a Kubernetes label selector (matchLabels and matchExpressions), with
 * Kubernetes' meaning. The kill's selector is made from the drill by {@link #ofKill} (the kill's
 * labels merged over the target's in the target's namespace, alone in another; see {@link
 * PodKill}), the target's by {@link #ofTarget}.
 */
public record PodSelector(
    String namespace, Map<String, String> matchLabels, List<LabelSelectorRequirement> expressions) {

  public PodSelector {
    matchLabels = matchLabels == null ? Map.of() : new TreeMap<>(matchLabels);
    expressions = expressions == null ? List.of() : List.copyOf(expressions);
  }

  /** The pods {@code kill} chooses from; {@code defaultNamespace} when the drill names none. */
  public static PodSelector ofKill(PodKill kill, Target target, String defaultNamespace) {
    String targetNamespace = target == null ? null : target.namespace();
    String namespace = kill.namespaceOr(targetNamespace);
    return new PodSelector(
        namespace == null ? defaultNamespace : namespace,
        kill.labelsOver(target),
        kill.matchExpressions());
  }

  /** The target's pods; {@code defaultNamespace} when the target names no namespace. */
  public static PodSelector ofTarget(Target target, String defaultNamespace) {
    return new PodSelector(
        target.namespace() == null ? defaultNamespace : target.namespace(),
        target.selector(),
        List.of());
  }

  /** True when the pod is in the namespace and its labels satisfy the whole selector. */
  public boolean matches(Pod pod) {
    if (pod.getMetadata() == null || !namespace.equals(pod.getMetadata().getNamespace())) {
      return false;
    }
    Map<String, String> labels = pod.getMetadata().getLabels();
    Map<String, String> have = labels == null ? Map.of() : labels;
    for (Map.Entry<String, String> e : matchLabels.entrySet()) {
      if (!e.getValue().equals(have.get(e.getKey()))) {
        return false;
      }
    }
    return expressions.stream().allMatch(r -> r.matches(have));
  }

  /**
   * The selector as kubectl writes it, with the namespace: {@code app=orders,tier in (web) in
   * shop}.
   */
  public String describe() {
    List<String> parts = new ArrayList<>();
    matchLabels.forEach((k, v) -> parts.add(k + "=" + v));
    expressions.forEach(r -> parts.add(r.toString()));
    return (parts.isEmpty() ? "every pod" : String.join(",", parts)) + " in " + namespace;
  }
}
