package dev.firedrill.cli;

import dev.firedrill.cluster.fault.pod.KubernetesPodsSetup;
import dev.firedrill.cluster.report.PodLogsSetup;
import dev.firedrill.engine.run.Setup;
import dev.firedrill.operator.api.v1alpha1.DrillRun;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/**
 * The parts of a cluster run beyond Toxiproxy: the pods of the target, through the API, and their
 * logs of the run's window for the report (closed first, so before the checkers run).
 */
final class ClusterSetups {

  private ClusterSetups() {}

  static List<Setup> more(KubernetesClient client, DrillRun run) {
    return List.of(
        new KubernetesPodsSetup(client),
        new PodLogsSetup(client, run.getStatus() == null ? List.of() : run.getStatus().faults()));
  }
}
