package dev.firedrill.operator.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.engine.model.DrillSpec;
import dev.firedrill.engine.validate.DrillLoader;
import dev.firedrill.engine.validate.LoadResult;
import dev.firedrill.operator.api.v1alpha1.Drill;
import dev.firedrill.operator.config.OperatorConfig;
import dev.firedrill.operator.config.TestingOperatorConfig;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Drill reconciler against Fabric8's mock API server in CRUD mode, with a movable clock. */
@EnableKubernetesMockClient(crud = true)
class DrillReconcilerTest {

  static KubernetesClient client;

  private static final java.util.concurrent.atomic.AtomicInteger NAMES =
      new java.util.concurrent.atomic.AtomicInteger();

  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-11-25T10:00:00Z"));
  private DrillReconciler reconciler;

  @BeforeEach
  void setUp() {
    OperatorConfig config = new TestingOperatorConfig("firedrill-system");
    InstantSource clock = () -> now.get();
    reconciler = new DrillReconciler(client, new DrillValidation(), config, clock);
    namespace("shop", Map.of(DrillValidation.ENABLED_LABEL, DrillValidation.ENABLED_VALUE));
    namespace("legacy", Map.of());
    namespace(
        "firedrill-system", Map.of(DrillValidation.ENABLED_LABEL, DrillValidation.ENABLED_VALUE));
  }

  @Test
  void validDrillInAnEnabledNamespaceIsValid() {
    Drill drill = create("shop", librarySpec("weekly-pod-kill.yaml"));

    Drill reconciled = reconcileAndStore(drill);

    Condition valid = valid(reconciled);
    assertThat(valid.getStatus()).isEqualTo("True");
    assertThat(valid.getReason()).isEqualTo(DrillStatuses.REASON_VALID);
    assertThat(valid.getObservedGeneration()).isEqualTo(reconciled.getMetadata().getGeneration());
    assertThat(valid.getLastTransitionTime()).isEqualTo("2026-11-25T10:00:00Z");
  }

  @Test
  void namespaceWithoutTheLabelIsRefusedWithTheCommandThatEnablesIt() {
    DrillSpec spec = librarySpec("weekly-pod-kill.yaml");
    Drill drill = create("legacy", withNamespace(spec, "legacy"));

    Condition valid = valid(reconcileAndStore(drill));

    assertThat(valid.getStatus()).isEqualTo("False");
    assertThat(valid.getReason()).isEqualTo(DrillStatuses.REASON_TARGET_NOT_ALLOWED);
    assertThat(valid.getMessage())
        .isEqualTo(
            "namespace legacy is not enabled for drills (fix: kubectl label namespace legacy firedrill.dev/drills=enabled)");
  }

  @Test
  void theOperatorsOwnNamespaceIsNeverATargetEvenWhenLabelled() {
    Drill drill =
        create("shop", withNamespace(librarySpec("weekly-pod-kill.yaml"), "firedrill-system"));

    Condition valid = valid(reconcileAndStore(drill));

    assertThat(valid.getReason()).isEqualTo(DrillStatuses.REASON_TARGET_NOT_ALLOWED);
    assertThat(valid.getMessage())
        .isEqualTo("namespace firedrill-system runs the Firedrill operator and is never a target");
  }

  @Test
  void invalidSpecIsReportedWithPathsAndFixes() {
    DrillSpec spec = librarySpec("weekly-pod-kill.yaml");
    DrillSpec broken =
        new DrillSpec(
            spec.description(),
            spec.target(),
            spec.toxiproxy(),
            spec.workload(),
            spec.faults(),
            spec.probes(),
            spec.guardrails(),
            spec.invariants(),
            spec.recovery(),
            spec.seed(),
            new dev.firedrill.engine.model.Schedule(
                "0 0 2 * * MON", "Mars/Olympus", null, null, null, null));
    Condition valid = valid(reconcileAndStore(create("shop", broken)));

    assertThat(valid.getReason()).isEqualTo(DrillStatuses.REASON_INVALID_SPEC);
    assertThat(valid.getMessage())
        .startsWith(
            "2 problem(s): spec.schedule.cron: '0 0 2 * * MON' is not a Quartz cron expression")
        .contains(
            "spec.schedule.timeZone: 'Mars/Olympus' is not a time zone (fix: use an IANA name such as Europe/Berlin or UTC)");
  }

  @Test
  void unchangedStatusIsNotPatchedAgainAndKeepsItsTransitionTime() {
    Drill drill = reconcileAndStore(create("shop", librarySpec("weekly-pod-kill.yaml")));
    now.set(now.get().plus(Duration.ofMinutes(5)));

    UpdateControl<Drill> second = reconciler.reconcile(drill, null);

    assertThat(second.isNoUpdate()).isTrue();
    assertThat(valid(drill).getLastTransitionTime()).isEqualTo("2026-11-25T10:00:00Z");
  }

  private Drill reconcileAndStore(Drill drill) {
    UpdateControl<Drill> control = reconciler.reconcile(drill, null);
    assertThat(control.isPatchStatus()).isTrue();
    Drill patched = control.getResource().orElseThrow();
    client.resource(patched).updateStatus();
    return client
        .resources(Drill.class)
        .inNamespace(drill.getMetadata().getNamespace())
        .withName(drill.getMetadata().getName())
        .get();
  }

  private static Condition valid(Drill drill) {
    assertThat(drill.getStatus()).as("status written").isNotNull();
    return drill.getStatus().conditions().stream()
        .filter(c -> DrillStatuses.VALID.equals(c.getType()))
        .findFirst()
        .orElseThrow();
  }

  private static Drill create(String namespace, DrillSpec spec) {
    Drill drill = new Drill();
    drill.setMetadata(
        new ObjectMetaBuilder()
            .withName("drill-" + NAMES.incrementAndGet())
            .withNamespace(namespace)
            .build());
    drill.setSpec(spec);
    return client.resource(drill).create();
  }

  private static void namespace(String name, Map<String, String> labels) {
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(labels)
                .endMetadata()
                .build())
        .createOr(existing -> existing.update());
  }

  private static DrillSpec librarySpec(String file) {
    LoadResult result = new DrillLoader().loadFile(Path.of("..", "drills", file));
    assertThat(result.problems()).isEmpty();
    return result.drills().getFirst().spec();
  }

  private static DrillSpec withNamespace(DrillSpec s, String namespace) {
    var t =
        new dev.firedrill.engine.model.Target(
            namespace, s.target().selector(), s.target().processes());
    return new DrillSpec(
        s.description(),
        t,
        s.toxiproxy(),
        s.workload(),
        s.faults(),
        s.probes(),
        s.guardrails(),
        s.invariants(),
        s.recovery(),
        s.seed(),
        s.schedule());
  }
}
