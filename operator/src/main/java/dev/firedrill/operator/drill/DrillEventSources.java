package dev.firedrill.operator.drill;

import dev.firedrill.operator.api.v1alpha1.Drill;
import dev.firedrill.operator.api.v1alpha1.DrillRun;
import io.fabric8.kubernetes.api.model.Namespace;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What wakes a Drill's reconcile besides the Drill itself, so that changes take effect at once
 * instead of at the next resync:
 *
 * <ul>
 *   <li>its target namespace's labels change ({@code firedrill.dev/drills=enabled} added or
 *       removed): every Drill targeting that namespace is validated again;
 *   <li>one of its DrillRuns (label {@value DrillRuns#DRILL_LABEL}) is created, changes phase or
 *       verdict, or is deleted: last run, last verdict, concurrency and history limits follow;
 *   <li>its Quartz trigger fires: the schedule decision is taken. A trigger whose Drill is gone
 *       removes itself.
 * </ul>
 */
final class DrillEventSources {

  private DrillEventSources() {}

  static List<EventSource<?, Drill>> of(
      EventSourceContext<Drill> context, DrillScheduling scheduling) {
    var primaries = context.getPrimaryCache();

    InformerEventSource<Namespace, Drill> namespaces =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Namespace.class, Drill.class)
                .withName("target-namespaces")
                .withSecondaryToPrimaryMapper(ns ->
                    primaries
                        .list(d ->
                            ns.getMetadata().getName().equals(DrillReconciler.targetNamespace(d)))
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
                .withOnUpdateFilter((updated, old) ->
                    !Objects.equals(
                        updated.getMetadata().getLabels(), old.getMetadata().getLabels()))
                .build(),
            context);

    InformerEventSource<DrillRun, Drill> runs =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(DrillRun.class, Drill.class)
                .withName("drill-runs")
                .withLabelSelector(DrillRuns.DRILL_LABEL)
                .withSecondaryToPrimaryMapper(run ->
                    run.getSpec() == null || run.getSpec().drill() == null
                        ? Set.of()
                        : Set.of(
                            new ResourceID(
                                run.getSpec().drill(), run.getMetadata().getNamespace())))
                .build(),
            context);

    SimpleInboundEventSource<Drill> fires = new SimpleInboundEventSource<>("schedule-fires");
    scheduling.onFire(id -> {
      if (primaries.get(id).isPresent()) {
        fires.propagateEvent(id);
      } else {
        scheduling.forget(id);
      }
    });
    return List.of(namespaces, runs, fires);
  }
}
