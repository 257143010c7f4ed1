package dev.firedrill.operator.run;

import dev.firedrill.operator.api.v1alpha1.DrillRun;
import dev.firedrill.operator.config.OperatorConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What wakes a DrillRun's reconcile besides the run itself:
 *
 * <ul>
 *   <li>its runner Job changes (in the operator's namespace, label {@value RunnerJobs#RUN_LABEL}):
 *       a finished or failed runner ends the run at once;
 *   <li>the kill-switch ConfigMap changes: every run not yet ended is reconciled (and aborted);
 *   <li>its Toxiproxy Deployment changes (any namespace, label {@code
 *       app.kubernetes.io/name=firedrill-toxiproxy}): a Pending run intercepts its Services as soon
 *       as its Toxiproxy is Ready.
 * </ul>
 *
 * Jobs and Deployments name their run in the annotations {@value RunnerJobs#RUN_NAMESPACE} and
 * {@value RunnerJobs#RUN_NAME}.
 */
final class DrillRunEventSources {

  private DrillRunEventSources() {}

  static List<EventSource<?, DrillRun>> of(
      EventSourceContext<DrillRun> context, OperatorConfig config) {
    InformerEventSourceConfiguration<Job> jobs =
        InformerEventSourceConfiguration.from(Job.class, DrillRun.class)
            .withName("runner-jobs")
            .withNamespaces(Set.of(config.namespace()))
            .withLabelSelector(RunnerJobs.RUN_LABEL)
            .withSecondaryToPrimaryMapper(DrillRunEventSources::runOf)
            .build();
    InformerEventSourceConfiguration<ConfigMap> killSwitch =
        InformerEventSourceConfiguration.from(ConfigMap.class, DrillRun.class)
            .withName("kill-switch")
            .withNamespaces(Set.of(config.namespace()))
            .withGenericFilter(cm -> config.killSwitch().equals(cm.getMetadata().getName()))
            .withSecondaryToPrimaryMapper(cm ->
                context
                    .getPrimaryCache()
                    .list(r -> r.getStatus() == null || !r.getStatus().terminal())
                    .map(ResourceID::fromResource)
                    .collect(Collectors.toSet()))
            .build();
    InformerEventSourceConfiguration<Deployment> toxiproxies =
        InformerEventSourceConfiguration.from(Deployment.class, DrillRun.class)
            .withName("run-toxiproxies")
            .withLabelSelector("app.kubernetes.io/name=" + RunToxiproxy.APP)
            .withSecondaryToPrimaryMapper(DrillRunEventSources::runOf)
            .build();
    return List.of(
        new InformerEventSource<>(jobs, context),
        new InformerEventSource<>(killSwitch, context),
        new InformerEventSource<>(toxiproxies, context));
  }

  private static Set<ResourceID> runOf(HasMetadata object) {
    Map<String, String> a = object.getMetadata().getAnnotations();
    if (a == null || !a.containsKey(RunnerJobs.RUN_NAME)) {
      return Set.of();
    }
    return Set.of(new ResourceID(a.get(RunnerJobs.RUN_NAME), a.get(RunnerJobs.RUN_NAMESPACE)));
  }
}
