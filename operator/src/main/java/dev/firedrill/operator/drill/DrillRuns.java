package dev.firedrill.operator.drill;

import dev.firedrill.operator.api.v1alpha1.Drill;
import dev.firedrill.operator.api.v1alpha1.DrillRun;
import dev.firedrill.operator.api.v1alpha1.DrillRunSpec;
import dev.firedrill.operator.api.v1alpha1.DrillRunSpec.Trigger;
import dev.firedrill.operator.api.v1alpha1.DrillRunStatus;
import dev.firedrill.operator.schedule.RunView;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.HttpURLConnection;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Lists, starts and deletes the DrillRuns of a drill. The runs are not owned by the Drill (no owner
 * reference): deleting or editing a Drill changes nothing for a run under way, which works from its
 * own snapshot. They carry the labels {@value #DRILL_LABEL} and {@value #TRIGGER_LABEL}. Reads go
 * to the API server, not an informer cache, so a run started a moment ago is always seen (a stale
 * cache would let Forbid start a second one).
 */
@ApplicationScoped
public class DrillRuns {

  /** Label naming the drill of a run (see {@link RunNames#labelValue}). */
  public static final String DRILL_LABEL = "firedrill.dev/drill";

  /** Label saying what started a run: manual, schedule or ci. */
  public static final String TRIGGER_LABEL = "firedrill.dev/trigger";

  /** Annotation of a scheduled run: the fire time (RFC 3339) it was started for. */
  public static final String SCHEDULED_AT = "firedrill.dev/scheduled-at";

  /** Annotation on a Drill asking for a run now; removed once the run is created. */
  public static final String RUN_NOW = "firedrill.dev/run-now";

  /**
   * Annotation of a run started by {@value #RUN_NOW}: the Drill's uid and resourceVersion when it
   * was asked, so a reconcile retried after the run was created does not create a second one.
   */
  public static final String RUN_NOW_REQUEST = "firedrill.dev/run-now-request";

  private static final int ATTEMPTS = 20;

  private final KubernetesClient client;
  private final DrillEvents events;

  @Inject
  public DrillRuns(KubernetesClient client, DrillEvents events) {
    this.client = client;
    this.events = events;
  }

  /** The drill's runs, whatever started them. */
  public List<DrillRun> of(Drill drill) {
    String name = drill.getMetadata().getName();
    return client
        .resources(DrillRun.class)
        .inNamespace(drill.getMetadata().getNamespace())
        .withLabel(DRILL_LABEL, RunNames.labelValue(name))
        .list()
        .getItems()
        .stream()
        .filter(r -> r.getSpec() != null && name.equals(r.getSpec().drill()))
        .toList();
  }

  /**
   * Creates a run of {@code drill} for {@code trigger}, named from {@code stamp}, with a numbered
   * suffix when that name is taken.
   */
  public DrillRun start(
      Drill drill, Trigger trigger, Instant stamp, Map<String, String> annotations) {
    String drillName = drill.getMetadata().getName();
    Map<String, String> labels = new HashMap<>();
    labels.put(DRILL_LABEL, RunNames.labelValue(drillName));
    labels.put(TRIGGER_LABEL, trigger.name().toLowerCase(Locale.ROOT));
    for (int attempt = 0; ; attempt++) {
      DrillRun run = new DrillRun();
      run.setMetadata(
          new ObjectMetaBuilder()
              .withName(RunNames.of(drillName, stamp, attempt))
              .withNamespace(drill.getMetadata().getNamespace())
              .withLabels(labels)
              .withAnnotations(annotations)
              .build());
      run.setSpec(DrillRunSpec.of(drillName, trigger));
      try {
        DrillRun created = client.resource(run).create();
        events.normal(
            drill,
            DrillEvents.RUN_STARTED,
            "started "
                + created.getMetadata().getName()
                + " ("
                + labels.get(TRIGGER_LABEL)
                + (annotations.containsKey(SCHEDULED_AT)
                    ? ", fire time " + annotations.get(SCHEDULED_AT)
                    : "")
                + ")");
        return created;
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt + 1 == ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  /** Deletes the named runs of the drill's namespace; their finalizers heal them first. */
  public void delete(Drill drill, List<String> names) {
    for (String name : names) {
      client
          .resources(DrillRun.class)
          .inNamespace(drill.getMetadata().getNamespace())
          .withName(name)
          .delete();
    }
  }

  /** True when the Drill carries the {@value #RUN_NOW} annotation. */
  public static boolean runNowRequested(Drill drill) {
    Map<String, String> annotations = drill.getMetadata().getAnnotations();
    return annotations != null && annotations.containsKey(RUN_NOW);
  }

  /**
   * Answers the {@value #RUN_NOW} annotation: creates one Manual run (unless {@code refusal} is
   * given, or a run for this very request exists already), then removes the annotation. The request
   * is identified by the Drill's uid and resourceVersion, which only change once the annotation is
   * removed, so a retry after a failed removal finds its run instead of making a second. The
   * in-memory {@code drill} gets the new resourceVersion, so its status can be patched.
   *
   * @param refusal why no run may start (the drill is not valid), or null
   * @return the run created, if one was
   */
  public Optional<DrillRun> answerRunNow(
      Drill drill, List<DrillRun> runs, Instant now, String refusal) {
    String request = drill.getMetadata().getUid() + "/" + drill.getMetadata().getResourceVersion();
    Optional<DrillRun> created = Optional.empty();
    boolean answered =
        runs.stream().anyMatch(r -> request.equals(annotations(r).get(RUN_NOW_REQUEST)));
    if (refusal != null) {
      events.warning(drill, DrillEvents.RUN_NOW_REFUSED, "no run started: " + refusal);
    } else if (!answered) {
      created =
          Optional.of(
              start(
                  drill,
                  Trigger.MANUAL,
                  now,
                  Map.of(
                      RUN_NOW_REQUEST,
                      request,
                      RUN_NOW,
                      drill.getMetadata().getAnnotations().get(RUN_NOW))));
    }
    Drill edited =
        client
            .resources(Drill.class)
            .inNamespace(drill.getMetadata().getNamespace())
            .withName(drill.getMetadata().getName())
            .edit(d -> {
              if (d.getMetadata().getAnnotations() != null) {
                d.getMetadata().getAnnotations().remove(RUN_NOW);
              }
              return d;
            });
    drill.getMetadata().getAnnotations().remove(RUN_NOW);
    drill.getMetadata().setResourceVersion(edited.getMetadata().getResourceVersion());
    return created;
  }

  /** What a schedule decision needs to know of a run. */
  public static RunView view(DrillRun run) {
    DrillRunStatus status = run.getStatus();
    Map<String, String> annotations = annotations(run);
    return new RunView(
        run.getMetadata().getName(),
        run.getSpec() == null ? null : run.getSpec().trigger(),
        instant(run.getMetadata().getCreationTimestamp()),
        status == null ? null : instant(status.startTime()),
        instant(annotations.get(SCHEDULED_AT)),
        status == null ? null : status.phase(),
        status == null ? null : status.verdict(),
        run.getMetadata().getDeletionTimestamp() != null);
  }

  private static Map<String, String> annotations(DrillRun run) {
    return Optional.ofNullable(run.getMetadata().getAnnotations()).orElse(Map.of());
  }

  private static Instant instant(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      // A timestamp written by hand that is not RFC 3339 counts as absent.
      return null;
    }
  }
}
