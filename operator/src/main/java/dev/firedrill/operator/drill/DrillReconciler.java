package dev.firedrill.operator.drill;

import dev.firedrill.engine.model.Target;
import dev.firedrill.engine.validate.Problem;
import dev.firedrill.operator.api.v1alpha1.Drill;
import dev.firedrill.operator.api.v1alpha1.DrillRun;
import dev.firedrill.operator.api.v1alpha1.DrillStatus;
import dev.firedrill.operator.config.OperatorConfig;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reconciles a Drill in named phases: observe (the target namespace, the drill's runs), validate
 * (the engine's validator and the namespace rules), act (the run-now annotation, the schedule and
 * its history limits) and record (the status, through {@link DrillStatuses}). Nothing here sleeps
 * or calls the system under test; runs are only created, and the DrillRun reconciler runs them. It
 * is woken by the Drill, by a relabel of its target namespace, by its runs and by its Quartz
 * trigger ({@link DrillEventSources}).
 */
@ControllerConfiguration(name = "drill")
public class DrillReconciler implements Reconciler<Drill> {

  /** How soon to look again while replaced runs are still being healed and deleted. */
  static final Duration REPLACE_POLL = Duration.ofSeconds(1);

  private final KubernetesClient client;
  private final DrillValidation validation;
  private final OperatorConfig config;
  private final InstantSource clock;
  private final DrillRuns runs;
  private final DrillScheduling scheduling;

  @Inject
  public DrillReconciler(
      KubernetesClient client,
      DrillValidation validation,
      OperatorConfig config,
      InstantSource clock,
      DrillRuns runs,
      DrillScheduling scheduling) {
    this.client = client;
    this.validation = validation;
    this.config = config;
    this.clock = clock;
    this.runs = runs;
    this.scheduling = scheduling;
  }

  @Override
  public List<EventSource<?, Drill>> prepareEventSources(EventSourceContext<Drill> context) {
    return DrillEventSources.of(context, scheduling);
  }

  @Override
  public UpdateControl<Drill> reconcile(Drill drill, Context<Drill> context) {
    Instant now = clock.instant();
    // observe
    String target = targetNamespace(drill);
    Map<String, String> labels = target == null ? null : observeLabels(target);
    List<DrillRun> current = new ArrayList<>(runs.of(drill));

    // validate
    List<Problem> specProblems = validation.specProblems(drill);
    List<String> namespaceProblems =
        target == null
            ? List.of(
                "the drill names no cluster target (fix: set target.selector, and target.namespace if the pods are elsewhere)")
            : validation.namespaceProblems(target, labels, Set.of(config.namespace()));
    boolean valid = specProblems.isEmpty() && namespaceProblems.isEmpty();
    DrillStatus next = DrillStatuses.validated(drill, specProblems, namespaceProblems, now);

    // act
    if (DrillRuns.runNowRequested(drill)) {
      runs.answerRunNow(drill, current, now, valid ? null : "the drill is not valid")
          .ifPresent(current::add);
    }
    DrillScheduling.Outcome scheduled = scheduling.apply(drill, valid, next, current, now);

    // record
    next =
        DrillStatuses.withRuns(
            scheduled.status(), scheduled.runs().stream().map(DrillRuns::view).toList());
    UpdateControl<Drill> control;
    if (next.equals(drill.getStatus())) {
      control = UpdateControl.noUpdate();
    } else {
      drill.setStatus(next);
      control = UpdateControl.patchStatus(drill);
    }
    return scheduled.waiting() ? control.rescheduleAfter(REPLACE_POLL) : control;
  }

  /** The namespace whose pods the drill attacks: target.namespace, else the Drill's own. */
  static String targetNamespace(Drill drill) {
    Target target = drill.getSpec() == null ? null : drill.getSpec().target();
    if (target == null || (target.namespace() == null && target.selector().isEmpty())) {
      return null;
    }
    return target.namespace() != null ? target.namespace() : drill.getMetadata().getNamespace();
  }

  private Map<String, String> observeLabels(String namespace) {
    Namespace ns = client.namespaces().withName(namespace).get();
    if (ns == null) {
      return null;
    }
    Map<String, String> labels = ns.getMetadata().getLabels();
    return labels == null ? Map.of() : labels;
  }
}
