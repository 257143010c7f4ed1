package dev.firedrill.operator.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.engine.model.DrillSpec;
import dev.firedrill.engine.model.RunPhase;
import dev.firedrill.engine.model.Schedule;
import dev.firedrill.engine.model.Target;
import dev.firedrill.engine.model.Verdict;
import dev.firedrill.engine.validate.DrillLoader;
import dev.firedrill.engine.validate.LoadResult;
import dev.firedrill.operator.api.v1alpha1.Drill;
import dev.firedrill.operator.api.v1alpha1.DrillRun;
import dev.firedrill.operator.api.v1alpha1.DrillRunStatus;
import dev.firedrill.operator.config.OperatorConfig;
import dev.firedrill.operator.run.TestingRuns;
import dev.firedrill.operator.schedule.QuartzSchedules;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.StdSchedulerFactory;

/**
 * A Drill reconciler wired as in production but for the clock, which tests move by hand, and the
 * Quartz scheduler, a real in-memory one that is never started (tests move the clock instead of
 * waiting for triggers; DrillOperatorIT shows the triggers fire). Talks to Fabric8's mock API
 * server in CRUD mode.
 */
final class DrillTestKit implements AutoCloseable {

  private static final AtomicInteger NAMES = new AtomicInteger();

  final KubernetesClient client;
  final AtomicReference<Instant> now;
  final Scheduler quartz;
  final QuartzSchedules schedules;
  final DrillReconciler reconciler;

  DrillTestKit(KubernetesClient client, Instant start) {
    this.client = client;
    this.now = new AtomicReference<>(start);
    InstantSource clock = () -> now.get();
    Properties props = new Properties();
    props.setProperty("org.quartz.scheduler.instanceName", "test-" + UUID.randomUUID());
    props.setProperty("org.quartz.threadPool.threadCount", "1");
    props.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
    try {
      quartz = new StdSchedulerFactory(props).getScheduler();
    } catch (SchedulerException e) {
      throw new IllegalStateException(e);
    }
    schedules = new QuartzSchedules(quartz);
    OperatorConfig config = operatorIn("firedrill-system");
    DrillEvents events = new DrillEvents(client, clock);
    DrillRuns runs = new DrillRuns(client, events);
    reconciler =
        new DrillReconciler(
            client,
            new DrillValidation(),
            config,
            clock,
            runs,
            new DrillScheduling(runs, schedules, events));
    namespace("shop", Map.of(DrillValidation.ENABLED_LABEL, DrillValidation.ENABLED_VALUE));
    namespace("legacy", Map.of());
    namespace(
        "firedrill-system", Map.of(DrillValidation.ENABLED_LABEL, DrillValidation.ENABLED_VALUE));
  }

  /**
   * Settings with the operator in {@code namespace}. OperatorConfig grows keys the Drill side never
   * reads (runner image, kill switch, ...); a proxy answers namespace() and fails loudly on any
   * other key, so these tests need no change when keys are added.
   */
  static OperatorConfig operatorIn(String namespace) {
    return (OperatorConfig)
        java.lang.reflect.Proxy.newProxyInstance(
            OperatorConfig.class.getClassLoader(),
            new Class<?>[] {OperatorConfig.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "namespace" -> namespace;
                  case "toString" -> "OperatorConfig[namespace=" + namespace + "]";
                  case "hashCode" -> namespace.hashCode();
                  case "equals" -> proxy == args[0];
                  default ->
                      throw new UnsupportedOperationException(
                          "the Drill reconciler tests do not set " + method.getName());
                });
  }

  void advance(Duration by) {
    now.set(now.get().plus(by));
  }

  void at(Instant instant) {
    now.set(instant);
  }

  /** Reconciles the stored Drill and stores the status it asks for. */
  Drill reconcile(Drill drill) {
    return reconcileWith(get(drill));
  }

  /** Reconciles {@code drill} as given (e.g. an older copy, as a retried reconcile sees it). */
  Drill reconcileWith(Drill drill) {
    UpdateControl<Drill> control = reconciler.reconcile(drill, null);
    control.getResource().ifPresent(d -> client.resource(d).updateStatus());
    return get(drill);
  }

  Drill get(Drill drill) {
    return client
        .resources(Drill.class)
        .inNamespace(drill.getMetadata().getNamespace())
        .withName(drill.getMetadata().getName())
        .get();
  }

  Drill create(String namespace, DrillSpec spec) {
    return create(namespace, spec, Map.of());
  }

  Drill create(String namespace, DrillSpec spec, Map<String, String> annotations) {
    Drill drill = new Drill();
    drill.setMetadata(
        new ObjectMetaBuilder()
            .withName("drill-" + NAMES.incrementAndGet())
            .withNamespace(namespace)
            .withAnnotations(annotations)
            .build());
    drill.setSpec(spec);
    return client.resource(drill).create();
  }

  /** The drill's runs, oldest first. */
  List<DrillRun> runs(Drill drill) {
    return client
        .resources(DrillRun.class)
        .inNamespace(drill.getMetadata().getNamespace())
        .withLabel(DrillRuns.DRILL_LABEL, drill.getMetadata().getName())
        .list()
        .getItems()
        .stream()
        .sorted(Comparator.comparing(r -> r.getMetadata().getName()))
        .toList();
  }

  /** Writes a terminal status on the run, as the DrillRun reconciler does at the end. */
  void finish(DrillRun run, RunPhase phase, Verdict verdict) {
    DrillRunStatus status =
        new DrillRunStatus(
            phase,
            verdict,
            "done",
            now.get().minusSeconds(30).toString(),
            now.get().toString(),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    DrillRun stored =
        client
            .resources(DrillRun.class)
            .inNamespace(run.getMetadata().getNamespace())
            .withName(run.getMetadata().getName())
            .get();
    stored.setStatus(status);
    client.resource(stored).updateStatus();
  }

  /** Events recorded on the drill, by reason. */
  List<String> eventReasons(Drill drill) {
    return client
        .v1()
        .events()
        .inNamespace(drill.getMetadata().getNamespace())
        .list()
        .getItems()
        .stream()
        .filter(e -> drill.getMetadata().getName().equals(e.getInvolvedObject().getName()))
        .map(Event::getReason)
        .toList();
  }

  void namespace(String name, Map<String, String> labels) {
    new TestingRuns(client).namespace(name, labels);
  }

  static Condition condition(Drill drill, String type) {
    assertThat(drill.getStatus()).as("status written").isNotNull();
    return drill.getStatus().conditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " condition: " + drill.getStatus()));
  }

  static DrillSpec librarySpec(String file) {
    LoadResult result = new DrillLoader().loadFile(Path.of("..", "drills", file));
    assertThat(result.problems()).isEmpty();
    return result.drills().getFirst().spec();
  }

  static DrillSpec withNamespace(DrillSpec s, String namespace) {
    Target t = new Target(namespace, s.target().selector(), s.target().processes());
    return new DrillSpec(
        s.description(),
        t,
        s.toxiproxy(),
        s.workload(),
        s.faults(),
        s.probes(),
        s.steadyState(),
        s.guardrails(),
        s.invariants(),
        s.recovery(),
        s.seed(),
        s.schedule());
  }

  static DrillSpec withSchedule(DrillSpec s, Schedule schedule) {
    return new DrillSpec(
        s.description(),
        s.target(),
        s.toxiproxy(),
        s.workload(),
        s.faults(),
        s.probes(),
        s.steadyState(),
        s.guardrails(),
        s.invariants(),
        s.recovery(),
        s.seed(),
        schedule);
  }

  @Override
  public void close() throws SchedulerException {
    quartz.shutdown();
  }
}
