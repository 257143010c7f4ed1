package dev.firedrill.cli;

import dev.firedrill.cluster.fault.pod.KubernetesPodsSetup;
import dev.firedrill.engine.run.Setup;
import dev.firedrill.operator.api.v1alpha1.DrillRun;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/** The parts of a cluster run beyond Toxiproxy: the pods of the target, through the API. */
final class ClusterSetups {

  private ClusterSetups() {}

  static List<Setup> more(KubernetesClient client, DrillRun run) {
    return List.of(new KubernetesPodsSetup(client));
  }
}
