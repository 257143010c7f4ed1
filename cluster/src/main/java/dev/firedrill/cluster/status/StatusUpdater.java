package dev.firedrill.cluster.status;

import dev.firedrill.operator.api.v1alpha1.DrillRun;
import dev.firedrill.operator.api.v1alpha1.DrillRunStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Applies a {@link DrillRunStatuses} change to a DrillRun in the API server: read the latest
 * object, compute the next status from it, write it with the object's {@code resourceVersion}
 * (optimistic locking: the API server answers 409 Conflict to a write based on an older version),
 * and on a conflict read again and recompute. So the operator and the runner write one status
 * without ever overwriting each other's changes.
 *
 * <p>Fabric8's mock server (CRUD mode) enforces {@code resourceVersion} on a resource's own PUT but
 * not on its {@code /status}. The tests therefore inject conflicts through {@link Writer}, and the
 * operator's ITs run on a mock that refuses a stale status write with 409 as a real API server does
 * ({@code LockingApiServer} in this module's tests), so the retry is proved against the server's
 * own check too.
 */
public final class StatusUpdater {

  private static final int ATTEMPTS = 10;

  /** Writes a run's status; throws a 409 {@link KubernetesClientException} on a stale version. */
  public interface Writer {
    DrillRun write(DrillRun run);
  }

  private final KubernetesClient client;
  private final Writer writer;

  public StatusUpdater(KubernetesClient client) {
    this(client, run -> client.resource(run).updateStatus());
  }

  /** An updater with its own status writer (tests inject conflicts through it). */
  public StatusUpdater(KubernetesClient client, Writer writer) {
    this.client = client;
    this.writer = writer;
  }

  /**
   * Applies {@code change} to the run's latest status; returns the run as written (or as it is,
   * when the change changes nothing).
   *
   * @throws KubernetesClientException when the run does not exist or every attempt conflicted
   */
  public DrillRun update(String namespace, String name, UnaryOperator<DrillRunStatus> change) {
    KubernetesClientException last = null;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      DrillRun run = client.resources(DrillRun.class).inNamespace(namespace).withName(name).get();
      if (run == null) {
        throw new KubernetesClientException(
            "DrillRun " + namespace + "/" + name + " does not exist", 404, null);
      }
      DrillRunStatus old = run.getStatus() == null ? DrillRunStatuses.initial() : run.getStatus();
      DrillRunStatus next = change.apply(old);
      if (Objects.equals(next, run.getStatus())) {
        return run;
      }
      run.setStatus(next);
      try {
        return writer.write(run);
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        last = e; // someone wrote in between: read again and recompute
      }
    }
    throw last;
  }
}
