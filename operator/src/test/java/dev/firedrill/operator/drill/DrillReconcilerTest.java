package dev.firedrill.operator.drill;

import static dev.firedrill.operator.drill.DrillTestKit.condition;
import static dev.firedrill.operator.drill.DrillTestKit.librarySpec;
import static dev.firedrill.operator.drill.DrillTestKit.withNamespace;
import static dev.firedrill.operator.drill.DrillTestKit.withSchedule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.engine.model.DrillSpec;
import dev.firedrill.engine.model.Schedule;
import dev.firedrill.operator.api.v1alpha1.Drill;
import dev.firedrill.operator.api.v1alpha1.DrillRun;
import dev.firedrill.operator.api.v1alpha1.DrillRunSpec.Trigger;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Drill reconciler against Fabric8's mock API server in CRUD mode, with a movable clock:
 * validation, the namespace rules and the run-now annotation.
 */
@EnableKubernetesMockClient(crud = true)
class DrillReconcilerTest {

  static KubernetesClient client;

  private DrillTestKit kit;

  @BeforeEach
  void setUp() {
    kit = new DrillTestKit(client, Instant.parse("2026-11-25T10:00:00Z"));
  }

  @AfterEach
  void tearDown() throws Exception {
    kit.close();
  }

  @Test
  void validDrillInAnEnabledNamespaceIsValid() {
    Drill reconciled = kit.reconcile(kit.create("shop", librarySpec("weekly-pod-kill.yaml")));

    Condition valid = condition(reconciled, DrillStatuses.VALID);
    assertThat(valid.getStatus()).isEqualTo("True");
    assertThat(valid.getReason()).isEqualTo(DrillStatuses.REASON_VALID);
    assertThat(valid.getObservedGeneration()).isEqualTo(reconciled.getMetadata().getGeneration());
    assertThat(valid.getLastTransitionTime()).isEqualTo("2026-11-25T10:00:00Z");
  }

  @Test
  void namespaceWithoutTheLabelIsRefusedWithTheCommandThatEnablesIt() {
    DrillSpec spec = librarySpec("weekly-pod-kill.yaml");
    Drill drill = kit.create("legacy", withNamespace(spec, "legacy"));

    Condition valid = condition(kit.reconcile(drill), DrillStatuses.VALID);

    assertThat(valid.getStatus()).isEqualTo("False");
    assertThat(valid.getReason()).isEqualTo(DrillStatuses.REASON_TARGET_NOT_ALLOWED);
    assertThat(valid.getMessage())
        .isEqualTo(
            "namespace legacy is not enabled for drills (fix: kubectl label namespace legacy firedrill.dev/drills=enabled)");
  }

  @Test
  void theOperatorsOwnNamespaceIsNeverATargetEvenWhenLabelled() {
    Drill drill =
        kit.create("shop", withNamespace(librarySpec("weekly-pod-kill.yaml"), "firedrill-system"));

    Condition valid = condition(kit.reconcile(drill), DrillStatuses.VALID);

    assertThat(valid.getReason()).isEqualTo(DrillStatuses.REASON_TARGET_NOT_ALLOWED);
    assertThat(valid.getMessage())
        .isEqualTo("namespace firedrill-system runs the Firedrill operator and is never a target");
  }

  @Test
  void invalidSpecIsReportedWithPathsAndFixes() {
    DrillSpec broken =
        withSchedule(
            librarySpec("weekly-pod-kill.yaml"), Schedule.of("0 0 2 * * MON", "Mars/Olympus"));

    Condition valid = condition(kit.reconcile(kit.create("shop", broken)), DrillStatuses.VALID);

    assertThat(valid.getReason()).isEqualTo(DrillStatuses.REASON_INVALID_SPEC);
    assertThat(valid.getMessage())
        .startsWith(
            "2 problem(s): spec.schedule.cron: '0 0 2 * * MON' is not a Quartz cron expression")
        .contains(
            "spec.schedule.timeZone: 'Mars/Olympus' is not a time zone (fix: use an IANA name such as Europe/Berlin or UTC)");
  }

  @Test
  void unchangedStatusIsNotPatchedAgainAndKeepsItsTransitionTime() {
    Drill drill = kit.reconcile(kit.create("shop", librarySpec("weekly-pod-kill.yaml")));
    kit.advance(Duration.ofMinutes(5));

    UpdateControl<Drill> second = kit.reconciler.reconcile(drill, null);

    assertThat(second.isNoUpdate()).isTrue();
    assertThat(condition(drill, DrillStatuses.VALID).getLastTransitionTime())
        .isEqualTo("2026-11-25T10:00:00Z");
  }

  @Test
  void runNowCreatesExactlyOneManualRunThenRemovesTheAnnotation() {
    Drill drill =
        kit.create(
            "shop",
            withSchedule(librarySpec("weekly-pod-kill.yaml"), null),
            Map.of(DrillRuns.RUN_NOW, "true"));
    Drill asFirstSeen = kit.get(drill);

    Drill reconciled = kit.reconcile(drill);

    List<DrillRun> runs = kit.runs(drill);
    assertThat(runs).hasSize(1);
    DrillRun run = runs.getFirst();
    assertThat(run.getMetadata().getName())
        .isEqualTo(drill.getMetadata().getName() + "-20261125-100000");
    assertThat(run.getMetadata().getLabels())
        .containsEntry(DrillRuns.DRILL_LABEL, drill.getMetadata().getName())
        .containsEntry(DrillRuns.TRIGGER_LABEL, "manual");
    assertThat(run.getMetadata().getOwnerReferences()).as("not owned by the Drill").isEmpty();
    assertThat(run.getSpec().drill()).isEqualTo(drill.getMetadata().getName());
    assertThat(run.getSpec().trigger()).isEqualTo(Trigger.MANUAL);
    assertThat(reconciled.getMetadata().getAnnotations()).doesNotContainKey(DrillRuns.RUN_NOW);
    assertThat(reconciled.getStatus().lastRun()).isEqualTo(run.getMetadata().getName());
    assertThat(kit.eventReasons(drill)).containsExactly(DrillEvents.RUN_STARTED);

    // A reconcile retried with the Drill as it was (as if removing the annotation had failed)
    // finds the run of this request and starts no second one; later reconciles start none.
    kit.reconcileWith(asFirstSeen);
    kit.reconcile(drill);
    assertThat(kit.runs(drill)).hasSize(1);
  }

  @Test
  void aSecondRunNowInTheSameSecondGetsASuffix() {
    Drill drill =
        kit.create("shop", librarySpec("weekly-pod-kill.yaml"), Map.of(DrillRuns.RUN_NOW, "first"));
    kit.reconcile(drill);
    Drill again = kit.get(drill);
    again.getMetadata().getAnnotations().put(DrillRuns.RUN_NOW, "second");
    client.resource(again).update();

    kit.reconcile(drill);

    assertThat(kit.runs(drill))
        .extracting(r -> r.getMetadata().getName())
        .containsExactly(
            drill.getMetadata().getName() + "-20261125-100000",
            drill.getMetadata().getName() + "-20261125-100000-2");
  }

  @Test
  void runNowOnADrillThatIsNotValidStartsNothingSaysWhyAndRemovesTheAnnotation() {
    Drill drill =
        kit.create(
            "legacy",
            withNamespace(librarySpec("weekly-pod-kill.yaml"), "legacy"),
            Map.of(DrillRuns.RUN_NOW, "true"));

    Drill reconciled = kit.reconcile(drill);

    assertThat(kit.runs(drill)).isEmpty();
    assertThat(reconciled.getMetadata().getAnnotations()).doesNotContainKey(DrillRuns.RUN_NOW);
    assertThat(kit.eventReasons(drill)).containsExactly(DrillEvents.RUN_NOW_REFUSED);
  }

  @Test
  void aScheduledDrillInAnUnlabelledNamespaceIsRefusedAndNeverScheduled() {
    Schedule everyMinute = Schedule.of("0 * * ? * *", "UTC");
    Drill drill =
        kit.create(
            "legacy",
            withSchedule(
                withNamespace(librarySpec("weekly-pod-kill.yaml"), "legacy"), everyMinute));
    kit.at(Instant.parse(drill.getMetadata().getCreationTimestamp()));
    kit.reconcile(drill);

    kit.advance(Duration.ofMinutes(3).plusSeconds(1));
    Drill reconciled = kit.reconcile(drill);

    assertThat(kit.runs(drill)).isEmpty();
    assertThat(condition(reconciled, DrillStatuses.VALID).getMessage())
        .isEqualTo(
            "namespace legacy is not enabled for drills (fix: kubectl label namespace legacy firedrill.dev/drills=enabled)");
    Condition scheduled = condition(reconciled, DrillStatuses.SCHEDULED);
    assertThat(scheduled.getStatus()).isEqualTo("False");
    assertThat(scheduled.getReason()).isEqualTo(DrillStatuses.REASON_DRILL_NOT_VALID);
    assertThat(reconciled.getStatus().nextRunTime()).isNull();
    assertThat(kit.schedules.nextFireTime(ResourceID.fromResource(drill))).isEmpty();
  }

  @Test
  void labellingTheNamespaceMakesTheDrillValidOnItsNextReconcile() {
    Drill drill =
        kit.create("legacy", withNamespace(librarySpec("weekly-pod-kill.yaml"), "legacy"));
    assertThat(condition(kit.reconcile(drill), DrillStatuses.VALID).getStatus()).isEqualTo("False");

    kit.namespace("legacy", Map.of(DrillValidation.ENABLED_LABEL, DrillValidation.ENABLED_VALUE));
    kit.advance(Duration.ofSeconds(1));

    Condition valid = condition(kit.reconcile(drill), DrillStatuses.VALID);
    assertThat(valid.getStatus()).isEqualTo("True");
    assertThat(valid.getLastTransitionTime()).isEqualTo("2026-11-25T10:00:01Z");
    kit.namespace("legacy", Map.of());
  }
}
