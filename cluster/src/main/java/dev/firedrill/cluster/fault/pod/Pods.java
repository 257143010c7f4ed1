package dev.firedrill.cluster.fault.pod;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;

/** What the pod drivers read from a pod's status, as Kubernetes means it. */
final class Pods {

  private Pods() {}

  /** {@code namespace/name}: how a pod is named in the ledger and the history. */
  static String ref(Pod pod) {
    return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
  }

  static String uid(Pod pod) {
    return pod.getMetadata().getUid();
  }

  /** Being deleted: it has a deletion timestamp and is on its way out. */
  static boolean terminating(Pod pod) {
    return pod.getMetadata().getDeletionTimestamp() != null;
  }

  /** The pod's {@code status.phase}, or null before the kubelet reports one. */
  static String phase(Pod pod) {
    return pod.getStatus() == null ? null : pod.getStatus().getPhase();
  }

  /** Serving: condition Ready is True and it is not being deleted. */
  static boolean ready(Pod pod) {
    if (terminating(pod) || pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return false;
    }
    for (PodCondition c : pod.getStatus().getConditions()) {
      if ("Ready".equals(c.getType())) {
        return "True".equals(c.getStatus());
      }
    }
    return false;
  }
}
