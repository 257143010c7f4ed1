package dev.firedrill.operator.drill;

import dev.firedrill.operator.api.v1alpha1.Drill;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Kubernetes Events on a Drill, shown by {@code kubectl describe drill}: a run started, a fire time
 * skipped or missed, runs replaced or deleted under the history limits, a run-now refused. An Event
 * that cannot be written is logged and forgotten: it never fails a reconcile.
 */
@ApplicationScoped
public class DrillEvents {

  /** Reasons of the Events. */
  public static final String RUN_STARTED = "RunStarted";

  public static final String RUN_SKIPPED = "RunSkipped";
  public static final String RUNS_MISSED = "RunsMissed";
  public static final String RUNS_REPLACED = "RunsReplaced";
  public static final String RUNS_PRUNED = "RunsPruned";
  public static final String RUN_NOW_REFUSED = "RunNowRefused";

  private static final Logger LOG = Logger.getLogger(DrillEvents.class);
  private static final AtomicLong SEQUENCE = new AtomicLong();

  private final KubernetesClient client;
  private final InstantSource clock;

  @Inject
  public DrillEvents(KubernetesClient client, InstantSource clock) {
    this.client = client;
    this.clock = clock;
  }

  /** A Normal Event. */
  public void normal(Drill drill, String reason, String message) {
    record(drill, "Normal", reason, message);
  }

  /** A Warning Event. */
  public void warning(Drill drill, String reason, String message) {
    record(drill, "Warning", reason, message);
  }

  private void record(Drill drill, String type, String reason, String message) {
    String now = clock.instant().toString();
    Event event =
        new EventBuilder()
            .withNewMetadata()
            .withName(
                drill.getMetadata().getName()
                    + "."
                    + Long.toHexString(clock.millis())
                    + Long.toHexString(SEQUENCE.incrementAndGet()))
            .withNamespace(drill.getMetadata().getNamespace())
            .endMetadata()
            .withNewInvolvedObject()
            .withApiVersion(drill.getApiVersion())
            .withKind(drill.getKind())
            .withName(drill.getMetadata().getName())
            .withNamespace(drill.getMetadata().getNamespace())
            .withUid(drill.getMetadata().getUid())
            .endInvolvedObject()
            .withType(type)
            .withReason(reason)
            .withMessage(message)
            .withCount(1)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withNewSource()
            .withComponent("firedrill-operator")
            .endSource()
            .build();
    try {
      client.v1().events().inNamespace(drill.getMetadata().getNamespace()).resource(event).create();
    } catch (KubernetesClientException e) {
      LOG.warnf(
          "event %s on drill %s/%s not recorded: %s",
          reason,
          drill.getMetadata().getNamespace(),
          drill.getMetadata().getName(),
          e.getMessage());
    }
  }
}
