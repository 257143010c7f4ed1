package dev.firedrill.operator.metrics;

import dev.firedrill.engine.fault.LedgerEntry;
import dev.firedrill.operator.api.v1alpha1.DrillRun;
import dev.firedrill.operator.api.v1alpha1.DrillRunStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The operator's Prometheus metrics about runs, derived from DrillRun objects as they change (an
 * informer over every namespace), so no reconciler has to remember to count:
 *
 * <ul>
 *   <li>{@code firedrill_runs_total{namespace,drill,verdict}}: runs seen ending;
 *   <li>{@code firedrill_run_duration_seconds}: from start to completion of each;
 *   <li>{@code firedrill_anomalies_total{invariant}}: anomalies found by the runs seen ending;
 *   <li>{@code firedrill_faults_injected_total}, {@code firedrill_faults_healed_total}: ledger
 *       entries seen becoming Injected (or Done) and Healed;
 *   <li>{@code firedrill_runs_active}: runs not yet terminal;
 *   <li>{@code firedrill_faults_orphaned}: ledger entries of terminal runs that may still be in
 *       effect (a heal failed) — the number an alert should watch.
 * </ul>
 *
 * Counters count transitions seen by this process, so they restart at zero with it, as Prometheus
 * counters do; the gauges are recomputed from the objects.
 */
@ApplicationScoped
public class RunMetrics {

  private final KubernetesClient client;
  private final MeterRegistry registry;
  private final Counter injected;
  private final Counter healed;
  private final Timer duration;
  private SharedIndexInformer<DrillRun> informer;

  @Inject
  public RunMetrics(KubernetesClient client, MeterRegistry registry) {
    this.client = client;
    this.registry = registry;
    this.injected =
        Counter.builder("firedrill_faults_injected")
            .description("Faults injected (ledger entries seen Injected or Done)")
            .register(registry);
    this.healed =
        Counter.builder("firedrill_faults_healed")
            .description("Faults healed (ledger entries seen Healed)")
            .register(registry);
    this.duration =
        Timer.builder("firedrill_run_duration")
            .description("From a run's start to its completion")
            .register(registry);
  }

  void start(@Observes StartupEvent ignored) {
    informer =
        client
            .resources(DrillRun.class)
            .inAnyNamespace()
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(DrillRun run) {
                    changed(null, run);
                  }

                  @Override
                  public void onUpdate(DrillRun old, DrillRun run) {
                    changed(old, run);
                  }

                  @Override
                  public void onDelete(DrillRun run, boolean unknown) {}
                });
    Gauge.builder(
            "firedrill_runs_active",
            this,
            m -> m.count(r -> r.getStatus() == null || !r.getStatus().terminal()))
        .description("Runs not yet terminal")
        .strongReference(true)
        .register(registry);
    Gauge.builder("firedrill_faults_orphaned", this, RunMetrics::orphaned)
        .description("Ledger entries of finished runs that may still be in effect")
        .strongReference(true)
        .register(registry);
  }

  /**
   * Stops watching and removes this instance's meters: a registry that outlives the application
   * (tests restart it in one JVM) would otherwise keep serving the old instance's gauges.
   */
  void stop(@Observes ShutdownEvent ignored) {
    if (informer != null) {
      informer.close();
    }
    List.copyOf(registry.getMeters()).stream()
        .filter(m -> m.getId().getName().startsWith("firedrill_"))
        .forEach(registry::remove);
  }

  /** Counts what changed between two versions of a run ({@code old} null: first seen). */
  void changed(DrillRun old, DrillRun run) {
    DrillRunStatus before = old == null ? null : old.getStatus();
    DrillRunStatus after = run.getStatus();
    if (after == null) {
      return;
    }
    Map<String, LedgerEntry.State> was = new HashMap<>();
    if (before != null) {
      before.faults().forEach(e -> was.put(e.key(), e.state()));
    }
    for (LedgerEntry e : after.faults()) {
      LedgerEntry.State prior = was.get(e.key());
      if (old == null || prior == e.state()) {
        continue; // first sight after a restart counts nothing; no change counts nothing
      }
      if (e.state() == LedgerEntry.State.INJECTED || e.state() == LedgerEntry.State.DONE) {
        injected.increment();
      } else if (e.state() == LedgerEntry.State.HEALED) {
        healed.increment();
      }
    }
    boolean ended = after.terminal() && old != null && (before == null || !before.terminal());
    if (!ended) {
      return;
    }
    Counter.builder("firedrill_runs")
        .description("Runs ended, by verdict")
        .tag("namespace", run.getMetadata().getNamespace())
        .tag("drill", run.getSpec() == null ? "" : run.getSpec().drill())
        .tag("verdict", after.verdict() == null ? "None" : after.verdict().name())
        .register(registry)
        .increment();
    for (DrillRunStatus.InvariantSummary i : after.invariants()) {
      if (i.anomalies() != null && i.anomalies() > 0) {
        Counter.builder("firedrill_anomalies")
            .description("Anomalies found, by invariant")
            .tag("invariant", i.invariant())
            .register(registry)
            .increment(i.anomalies());
      }
    }
    if (after.startTime() != null && after.completionTime() != null) {
      duration.record(
          Duration.between(
              Instant.parse(after.startTime()), Instant.parse(after.completionTime())));
    }
  }

  private double count(java.util.function.Predicate<DrillRun> which) {
    return informer == null ? 0 : informer.getStore().list().stream().filter(which).count();
  }

  private double orphaned() {
    return informer == null ? 0 : orphaned(informer.getStore().list());
  }

  /** Ledger entries of terminal runs that may still be in effect. */
  static long orphaned(List<DrillRun> runs) {
    return runs.stream()
        .filter(r -> r.getStatus() != null && r.getStatus().terminal())
        .flatMap(r -> r.getStatus().faults().stream())
        .filter(e -> e.state().needsHeal())
        .count();
  }
}
