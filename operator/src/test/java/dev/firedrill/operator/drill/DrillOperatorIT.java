package dev.firedrill.operator.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.firedrill.engine.model.ConcurrencyPolicy;
import dev.firedrill.engine.model.DrillSpec;
import dev.firedrill.engine.model.RunPhase;
import dev.firedrill.engine.model.Schedule;
import dev.firedrill.engine.model.Verdict;
import dev.firedrill.engine.validate.DrillLoader;
import dev.firedrill.operator.WithLockingApiServer;
import dev.firedrill.operator.api.v1alpha1.Drill;
import dev.firedrill.operator.api.v1alpha1.DrillRun;
import dev.firedrill.operator.api.v1alpha1.DrillRunSpec;
import dev.firedrill.operator.api.v1alpha1.DrillRunSpec.Trigger;
import dev.firedrill.operator.api.v1alpha1.DrillRunStatus;
import dev.firedrill.operator.run.TestingRuns;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The operator as it runs in production (Quarkus, JOSDK, informers, Quartz, status patch), against
 * Fabric8's mock API server in CRUD mode: a Drill applied by a user gets its Valid condition, a
 * namespace relabel takes effect at once, a run's verdict reaches its Drill, and a real Quartz
 * trigger starts scheduled runs.
 */
@QuarkusTest
@WithLockingApiServer
class DrillOperatorIT {

  private static final Duration SOON = Duration.ofSeconds(30);

  @Inject KubernetesClient client;

  @Test
  void appliedDrillGetsItsValidConditionFromTheRunningOperator() {
    namespace("shop", true);
    Drill drill = drill("shop", "weekly-pod-kill", library());

    await()
        .atMost(SOON)
        .untilAsserted(() -> assertThat(valid(drill).getStatus()).isEqualTo("True"));
  }

  @Test
  void labellingAndUnlabellingTheTargetNamespaceRevalidatesTheDrillAtOnce() {
    namespace("billing", false);
    Drill drill = drill("billing", "billing-drill", targeting(library(), "billing"));
    await()
        .atMost(SOON)
        .untilAsserted(() -> {
          assertThat(valid(drill).getStatus()).isEqualTo("False");
          assertThat(valid(drill).getReason()).isEqualTo(DrillStatuses.REASON_TARGET_NOT_ALLOWED);
        });

    // Without the namespace event source nothing would wake the Drill: JOSDK's resync is hours.
    namespace("billing", true);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(valid(drill).getStatus()).isEqualTo("True"));

    namespace("billing", false);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(valid(drill).getStatus()).isEqualTo("False"));
  }

  @Test
  void aRunsVerdictReachesItsDrillsStatus() {
    namespace("orders", true);
    Drill drill =
        drill("orders", "orders-drill", targeting(withSchedule(library(), null), "orders"));
    await()
        .atMost(SOON)
        .untilAsserted(() -> assertThat(valid(drill).getStatus()).isEqualTo("True"));
    DrillRun run = new DrillRun();
    run.setMetadata(
        new ObjectMetaBuilder()
            .withName("orders-drill-by-ci")
            .withNamespace("orders")
            .withLabels(
                Map.of(DrillRuns.DRILL_LABEL, "orders-drill", DrillRuns.TRIGGER_LABEL, "ci"))
            .build());
    run.setSpec(DrillRunSpec.of("orders-drill", Trigger.CI));
    client.resource(run).create();
    await()
        .atMost(SOON)
        .untilAsserted(
            () -> assertThat(stored(drill).getStatus().lastRun()).isEqualTo("orders-drill-by-ci"));
    // The operator's Pending writes (snapshot, then Running with the runner Job) come first: the
    // mock server does not check resourceVersion on /status, so a runner write racing them could
    // be overwritten here where a real API server would answer 409 (see StatusUpdater).
    await()
        .atMost(SOON)
        .untilAsserted(() -> assertThat(runStatus().phase()).isEqualTo(RunPhase.RUNNING));

    // As the run's runner would at its end: a read-modify-write of the status with the object's
    // resourceVersion, retried on conflict (the DrillRun reconciler writes the same status).
    DrillRunStatus failed =
        new DrillRunStatus(
            RunPhase.COMPLETED,
            Verdict.FAIL,
            "lost 2 writes",
            Instant.now().toString(),
            Instant.now().toString(),
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
            2,
            null,
            null,
            null);
    await()
        .atMost(SOON)
        .ignoreExceptions()
        .untilAsserted(() -> {
          DrillRun latest =
              client
                  .resources(DrillRun.class)
                  .inNamespace("orders")
                  .withName("orders-drill-by-ci")
                  .get();
          latest.setStatus(failed);
          client.resource(latest).updateStatus();
        });

    await()
        .atMost(SOON)
        .untilAsserted(() ->
            assertThat(stored(drill).getStatus().lastVerdict())
                .as("the Drill's last verdict, with the run's status %s", runStatus())
                .isEqualTo(Verdict.FAIL));
    assertThat(runStatus().verdict()).as("the runner's status stands").isEqualTo(Verdict.FAIL);
  }

  private DrillRunStatus runStatus() {
    DrillRun run =
        client.resources(DrillRun.class).inNamespace("orders").withName("orders-drill-by-ci").get();
    assertThat(run.getStatus()).isNotNull();
    return run.getStatus();
  }

  @Test
  void aCronEverySecondStartsScheduledRunsThroughQuartz() {
    namespace("payments", true);
    Schedule everySecond =
        new Schedule("* * * ? * *", "UTC", ConcurrencyPolicy.FORBID, null, null, null, "10s");
    Drill drill =
        drill(
            "payments",
            "payments-drill",
            targeting(withSchedule(library(), everySecond), "payments"));

    await()
        .atMost(SOON)
        .untilAsserted(() -> {
          List<DrillRun> runs =
              client
                  .resources(DrillRun.class)
                  .inNamespace("payments")
                  .withLabel(DrillRuns.DRILL_LABEL, "payments-drill")
                  .withLabel(DrillRuns.TRIGGER_LABEL, "schedule")
                  .list()
                  .getItems();
          assertThat(runs).isNotEmpty();
          Drill stored = stored(drill);
          assertThat(stored.getStatus().lastScheduleTime()).isNotNull();
          assertThat(stored.getStatus().nextRunTime()).isNotNull();
          assertThat(Instant.parse(stored.getStatus().nextRunTime()))
              .isAfter(Instant.parse(stored.getStatus().lastScheduleTime()));
        });

    // Suspending stops the trigger: the Scheduled condition says so.
    Drill suspend = stored(drill);
    suspend.setSpec(
        withSchedule(
            suspend.getSpec(),
            new Schedule("* * * ? * *", "UTC", ConcurrencyPolicy.FORBID, true, null, null, "10s")));
    client.resource(suspend).update();
    await()
        .atMost(SOON)
        .untilAsserted(() -> {
          Condition scheduled =
              stored(drill).getStatus().conditions().stream()
                  .filter(c -> DrillStatuses.SCHEDULED.equals(c.getType()))
                  .findFirst()
                  .orElseThrow();
          assertThat(scheduled.getReason()).isEqualTo(DrillStatuses.REASON_SUSPENDED);
          assertThat(stored(drill).getStatus().nextRunTime()).isNull();
        });
  }

  private void namespace(String name, boolean enabled) {
    new TestingRuns(client)
        .namespace(
            name,
            enabled
                ? Map.of(DrillValidation.ENABLED_LABEL, DrillValidation.ENABLED_VALUE)
                : Map.of());
  }

  private Drill drill(String namespace, String name, DrillSpec spec) {
    return new TestingRuns(client).drill(namespace, name, spec);
  }

  private Drill stored(Drill drill) {
    return client
        .resources(Drill.class)
        .inNamespace(drill.getMetadata().getNamespace())
        .withName(drill.getMetadata().getName())
        .get();
  }

  private Condition valid(Drill drill) {
    Drill stored = stored(drill);
    assertThat(stored.getStatus()).isNotNull();
    return stored.getStatus().conditions().stream()
        .filter(c -> DrillStatuses.VALID.equals(c.getType()))
        .findFirst()
        .orElseThrow();
  }

  private static DrillSpec library() {
    return new DrillLoader()
        .loadFile(Path.of("..", "drills", "weekly-pod-kill.yaml"))
        .drills()
        .getFirst()
        .spec();
  }

  private static DrillSpec targeting(DrillSpec s, String namespace) {
    return DrillTestKit.withNamespace(s, namespace);
  }

  private static DrillSpec withSchedule(DrillSpec s, Schedule schedule) {
    return DrillTestKit.withSchedule(s, schedule);
  }
}
