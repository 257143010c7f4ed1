package dev.firedrill.operator.drill;

import static dev.firedrill.operator.drill.DrillTestKit.condition;
import static dev.firedrill.operator.drill.DrillTestKit.librarySpec;
import static dev.firedrill.operator.drill.DrillTestKit.withSchedule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.engine.model.ConcurrencyPolicy;
import dev.firedrill.engine.model.RunPhase;
import dev.firedrill.engine.model.Schedule;
import dev.firedrill.engine.model.Verdict;
import dev.firedrill.operator.api.v1alpha1.Drill;
import dev.firedrill.operator.api.v1alpha1.DrillRun;
import dev.firedrill.operator.api.v1alpha1.DrillRunSpec;
import dev.firedrill.operator.api.v1alpha1.DrillRunSpec.Trigger;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Schedules through the Drill reconciler, against Fabric8's mock API server in CRUD mode: the clock
 * is moved past fire times instead of waiting for them, and each reconcile is what the Quartz
 * trigger would wake at that moment.
 */
@EnableKubernetesMockClient(crud = true)
class DrillScheduleTest {

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

  private static Schedule everyMinute(ConcurrencyPolicy policy) {
    return new Schedule("0 * * ? * *", "UTC", policy, null, null, null, null);
  }

  /** A scheduled drill, first reconciled at its creation; returns the first fire time. */
  private Drill scheduled(Schedule schedule) {
    Drill drill = kit.create("shop", withSchedule(librarySpec("weekly-pod-kill.yaml"), schedule));
    kit.at(Instant.parse(drill.getMetadata().getCreationTimestamp()));
    return kit.reconcile(drill);
  }

  private Instant firstFire(Drill drill) {
    return Instant.parse(drill.getMetadata().getCreationTimestamp())
        .truncatedTo(ChronoUnit.MINUTES)
        .plus(Duration.ofMinutes(1));
  }

  private List<String> runNames(Drill drill) {
    return kit.runs(drill).stream().map(r -> r.getMetadata().getName()).toList();
  }

  @Test
  void theScheduleFiresOnTheMovableClockAndStartsOneLabelledRun() {
    Drill drill = scheduled(everyMinute(null));
    Instant fire = firstFire(drill);
    assertThat(kit.runs(drill)).isEmpty();
    assertThat(drill.getStatus().nextRunTime()).isEqualTo(fire.toString());
    Condition scheduled = condition(drill, DrillStatuses.SCHEDULED);
    assertThat(scheduled.getStatus()).isEqualTo("True");
    assertThat(scheduled.getMessage())
        .isEqualTo("next run at " + fire + " (cron '0 * * ? * *' in UTC)");
    assertThat(kit.schedules.nextFireTime(ResourceID.fromResource(drill))).isPresent();

    kit.at(fire.plusSeconds(2));
    Drill after = kit.reconcile(drill);

    List<DrillRun> runs = kit.runs(drill);
    assertThat(runs).hasSize(1);
    DrillRun run = runs.getFirst();
    String stamp =
        java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(java.time.ZoneOffset.UTC)
            .format(fire);
    assertThat(run.getMetadata().getName()).isEqualTo(drill.getMetadata().getName() + "-" + stamp);
    assertThat(run.getMetadata().getLabels())
        .containsEntry(DrillRuns.DRILL_LABEL, drill.getMetadata().getName())
        .containsEntry(DrillRuns.TRIGGER_LABEL, "schedule");
    assertThat(run.getMetadata().getAnnotations())
        .containsEntry(DrillRuns.SCHEDULED_AT, fire.toString());
    assertThat(run.getSpec())
        .isEqualTo(DrillRunSpec.of(drill.getMetadata().getName(), Trigger.SCHEDULE));
    assertThat(after.getStatus().lastScheduleTime()).isEqualTo(fire.toString());
    assertThat(after.getStatus().nextRunTime())
        .isEqualTo(fire.plus(Duration.ofMinutes(1)).toString());
    assertThat(after.getStatus().lastRun()).isEqualTo(run.getMetadata().getName());

    // The same moment reconciled again (another event, a retry) starts nothing more.
    kit.reconcile(drill);
    assertThat(kit.runs(drill)).hasSize(1);
  }

  @Test
  void forbidSkipsAFireTimeWhileTheRunGoesOnAndTheVerdictReachesTheDrill() {
    Drill drill = scheduled(everyMinute(ConcurrencyPolicy.FORBID));
    Instant fire = firstFire(drill);
    kit.at(fire.plusSeconds(1));
    kit.reconcile(drill);

    kit.at(fire.plus(Duration.ofMinutes(1)).plusSeconds(1));
    Drill skipped = kit.reconcile(drill);
    assertThat(kit.runs(drill)).hasSize(1);
    assertThat(skipped.getStatus().lastScheduleTime())
        .isEqualTo(fire.plus(Duration.ofMinutes(1)).toString());
    assertThat(kit.eventReasons(drill)).contains(DrillEvents.RUN_SKIPPED);

    kit.finish(kit.runs(drill).getFirst(), RunPhase.COMPLETED, Verdict.PASS);
    Drill finished = kit.reconcile(drill);
    assertThat(finished.getStatus().lastVerdict()).isEqualTo(Verdict.PASS);

    kit.at(fire.plus(Duration.ofMinutes(2)).plusSeconds(1));
    kit.reconcile(drill);
    assertThat(kit.runs(drill)).hasSize(2);
  }

  @Test
  void allowStartsARunAlongsideTheOneGoingOn() {
    Drill drill = scheduled(everyMinute(ConcurrencyPolicy.ALLOW));
    Instant fire = firstFire(drill);
    kit.at(fire.plusSeconds(1));
    kit.reconcile(drill);

    kit.at(fire.plus(Duration.ofMinutes(1)).plusSeconds(1));
    kit.reconcile(drill);

    assertThat(kit.runs(drill)).hasSize(2).allSatisfy(r -> assertThat(r.getStatus()).isNull());
  }

  @Test
  void replaceDeletesTheRunGoingOnThenStartsTheNewOne() {
    Drill drill = scheduled(everyMinute(ConcurrencyPolicy.REPLACE));
    Instant fire = firstFire(drill);
    kit.at(fire.plusSeconds(1));
    kit.reconcile(drill);
    String first = runNames(drill).getFirst();

    kit.at(fire.plus(Duration.ofMinutes(1)).plusSeconds(1));
    UpdateControl<Drill> replacing = kit.reconciler.reconcile(kit.get(drill), null);
    assertThat(replacing.getScheduleDelay()).contains(DrillReconciler.REPLACE_POLL.toMillis());
    assertThat(runNames(drill)).as("the old run deleted, the new one not yet started").isEmpty();
    replacing.getResource().ifPresent(d -> client.resource(d).updateStatus());

    kit.reconcile(drill);
    assertThat(runNames(drill)).hasSize(1).doesNotContain(first);
    assertThat(kit.eventReasons(drill)).contains(DrillEvents.RUNS_REPLACED);
  }

  @Test
  void aSuspendedScheduleStartsNothingAndHasNoNextRunNorTrigger() {
    Drill drill = scheduled(new Schedule("0 * * ? * *", "UTC", null, true, null, null, null));

    kit.at(firstFire(drill).plus(Duration.ofMinutes(3)));
    Drill after = kit.reconcile(drill);

    assertThat(kit.runs(drill)).isEmpty();
    assertThat(after.getStatus().nextRunTime()).isNull();
    Condition scheduled = condition(after, DrillStatuses.SCHEDULED);
    assertThat(scheduled.getStatus()).isEqualTo("False");
    assertThat(scheduled.getReason()).isEqualTo(DrillStatuses.REASON_SUSPENDED);
    assertThat(kit.schedules.nextFireTime(ResourceID.fromResource(drill))).isEmpty();
  }

  @Test
  void afterAnOutageAMissedRunWithinTheDeadlineRunsOnceAndOlderOnesAreCountedAsMissed() {
    Drill drill =
        scheduled(
            new Schedule("0 * * ? * *", "UTC", ConcurrencyPolicy.ALLOW, null, null, null, "30s"));
    Instant fire = firstFire(drill);

    // Down through three fire times, back 10 s after the third: it runs, the first two are missed.
    Instant third = fire.plus(Duration.ofMinutes(2));
    kit.at(third.plusSeconds(10));
    Drill back = kit.reconcile(drill);
    assertThat(kit.runs(drill))
        .singleElement()
        .satisfies(r ->
            assertThat(r.getMetadata().getAnnotations())
                .containsEntry(DrillRuns.SCHEDULED_AT, third.toString()));
    assertThat(back.getStatus().missedRuns()).isEqualTo(2L);

    // Down again through two fire times, back 45 s after the last: past the deadline, none runs.
    Instant fifth = fire.plus(Duration.ofMinutes(4));
    kit.at(fifth.plusSeconds(45));
    Drill late = kit.reconcile(drill);
    assertThat(kit.runs(drill)).hasSize(1);
    assertThat(late.getStatus().missedRuns()).isEqualTo(4L);
    assertThat(late.getStatus().lastScheduleTime()).isEqualTo(fifth.toString());
    assertThat(late.getStatus().nextRunTime())
        .isEqualTo(fifth.plus(Duration.ofMinutes(1)).toString());
    assertThat(kit.eventReasons(drill)).contains(DrillEvents.RUNS_MISSED);
  }

  @Test
  void historyLimitsDeleteTheOldestFinishedRunsOfEveryTrigger() {
    Drill drill = scheduled(new Schedule("0 0 2 ? * MON", "Europe/Berlin", null, null, 1, 2, null));
    String[] verdicts = {"PASS", "FAIL", "PASS", "ERROR", "INCONCLUSIVE"};
    Trigger[] triggers = {
      Trigger.SCHEDULE, Trigger.CI, Trigger.MANUAL, Trigger.SCHEDULE, Trigger.CI
    };
    for (int i = 0; i < verdicts.length; i++) {
      DrillRun run = new DrillRun();
      run.setMetadata(
          new ObjectMetaBuilder()
              .withName(drill.getMetadata().getName() + "-r" + i)
              .withNamespace("shop")
              .withLabels(Map.of(DrillRuns.DRILL_LABEL, drill.getMetadata().getName()))
              .build());
      run.setSpec(DrillRunSpec.of(drill.getMetadata().getName(), triggers[i]));
      Verdict verdict = Verdict.valueOf(verdicts[i]);
      kit.finish(client.resource(run).create(), RunPhase.of(verdict), verdict);
    }
    DrillRun going = new DrillRun();
    going.setMetadata(
        new ObjectMetaBuilder()
            .withName(drill.getMetadata().getName() + "-r9")
            .withNamespace("shop")
            .withLabels(Map.of(DrillRuns.DRILL_LABEL, drill.getMetadata().getName()))
            .build());
    going.setSpec(DrillRunSpec.of(drill.getMetadata().getName(), Trigger.MANUAL));
    client.resource(going).create();

    Drill after = kit.reconcile(drill);

    String n = drill.getMetadata().getName();
    assertThat(runNames(drill)).containsExactly(n + "-r2", n + "-r3", n + "-r4", n + "-r9");
    assertThat(after.getStatus().lastRun()).isEqualTo(n + "-r9");
    assertThat(after.getStatus().lastVerdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(kit.eventReasons(drill)).contains(DrillEvents.RUNS_PRUNED);
  }

  @Test
  void nextRunTimeFollowsTheCronInItsTimeZone() {
    Drill drill = scheduled(Schedule.of("0 0 2 ? * MON", "Europe/Berlin"));

    java.time.ZonedDateTime created =
        Instant.parse(drill.getMetadata().getCreationTimestamp())
            .atZone(java.time.ZoneId.of("Europe/Berlin"));
    java.time.ZonedDateTime expected =
        created
            .with(java.time.temporal.TemporalAdjusters.nextOrSame(java.time.DayOfWeek.MONDAY))
            .withHour(2)
            .truncatedTo(ChronoUnit.HOURS);
    if (!expected.isAfter(created)) {
      expected = expected.plusWeeks(1);
    }
    assertThat(drill.getStatus().nextRunTime()).isEqualTo(expected.toInstant().toString());
    assertThat(kit.schedules.nextFireTime(ResourceID.fromResource(drill)))
        .as("the Quartz trigger agrees")
        .contains(expected.toInstant());
  }
}
