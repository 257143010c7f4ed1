package dev.firedrill.cli;

import dev.firedrill.cluster.runner.ClusterRunner;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code firedrill run --in-cluster --drill-run NS/NAME}: the runner a DrillRun's Job starts. The
 * Kubernetes client takes its configuration as Fabric8 does (in a pod: the service account; else
 * KUBECONFIG or KUBERNETES_MASTER). SIGTERM (the Job's pod deleted) cancels the run, which heals
 * every fault before the process exits.
 */
final class InClusterRun {

  private InClusterRun() {}

  static int run(
      boolean inCluster, String drillRun, List<Path> files, Path out, PrintStream console)
      throws Exception {
    if (!inCluster || drillRun == null || !files.isEmpty()) {
      System.err.println(
          "firedrill run: --in-cluster and --drill-run NAMESPACE/NAME go together, without drill"
              + " files (fix: firedrill run --in-cluster --drill-run shop/phantom-writes-1)");
      return Firedrill.CANNOT_RUN;
    }
    int slash = drillRun.indexOf('/');
    if (slash <= 0 || slash == drillRun.length() - 1 || drillRun.indexOf('/', slash + 1) >= 0) {
      System.err.println(
          "firedrill run: --drill-run '"
              + drillRun
              + "' is not NAMESPACE/NAME (fix: e.g. --drill-run shop/phantom-writes-1)");
      return Firedrill.CANNOT_RUN;
    }
    String namespace = drillRun.substring(0, slash);
    String name = drillRun.substring(slash + 1);
    try (KubernetesClient client = new KubernetesClientBuilder().build()) {
      ClusterRunner runner = new ClusterRunner(client, out, console, ClusterSetups::more);
      CountDownLatch done = new CountDownLatch(1);
      Thread hook =
          new Thread(() -> {
            runner.cancel("the runner was stopped (SIGTERM)");
            try {
              done.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        return runner.run(namespace, name);
      } catch (KubernetesClientException e) {
        System.err.println(
            "firedrill run: the Kubernetes API at "
                + client.getMasterUrl()
                + " answered no: "
                + ClusterRunner.describe(e)
                + " (fix: check the kube context, or the runner's ServiceAccount and RBAC)");
        return Firedrill.CANNOT_RUN;
      } finally {
        done.countDown();
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // the hook runs and returns once the run is done
        }
      }
    }
  }
}
