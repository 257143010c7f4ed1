package dev.firedrill.operator.drill;

import dev.firedrill.engine.model.Target;
import dev.firedrill.engine.validate.Problem;
import dev.firedrill.operator.api.v1alpha1.Drill;
import dev.firedrill.operator.api.v1alpha1.DrillStatus;
import dev.firedrill.operator.config.OperatorConfig;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import jakarta.inject.Inject;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reconciles a Drill in named phases: observe (the target namespace), validate (the engine's
 * validator and the namespace rules), record (the Valid condition). Runs and schedules are added by
 * later phases; nothing here sleeps or calls the system under test.
 */
@ControllerConfiguration(name = "drill")
public class DrillReconciler implements Reconciler<Drill> {

  private final KubernetesClient client;
  private final DrillValidation validation;
  private final OperatorConfig config;
  private final InstantSource clock;

  @Inject
  public DrillReconciler(
      KubernetesClient client,
      DrillValidation validation,
      OperatorConfig config,
      InstantSource clock) {
    this.client = client;
    this.validation = validation;
    this.config = config;
    this.clock = clock;
  }

  @Override
  public UpdateControl<Drill> reconcile(Drill drill, Context<Drill> context) {
    String target = targetNamespace(drill);
    Map<String, String> labels = target == null ? null : observeLabels(target);

    List<Problem> specProblems = validation.specProblems(drill);
    List<String> namespaceProblems =
        target == null
            ? List.of(
                "the drill names no cluster target (fix: set target.selector, and target.namespace if the pods are elsewhere)")
            : validation.namespaceProblems(target, labels, Set.of(config.namespace()));

    DrillStatus next =
        DrillStatuses.validated(drill, specProblems, namespaceProblems, clock.instant());
    if (next.equals(drill.getStatus())) {
      return UpdateControl.noUpdate();
    }
    drill.setStatus(next);
    return UpdateControl.patchStatus(drill);
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
