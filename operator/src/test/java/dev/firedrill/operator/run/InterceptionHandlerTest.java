package dev.firedrill.operator.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.cluster.fault.ServiceInterception;
import dev.firedrill.cluster.status.DrillRunStatuses;
import dev.firedrill.engine.model.DrillSpec;
import dev.firedrill.engine.model.RunPhase;
import dev.firedrill.engine.model.Verdict;
import dev.firedrill.engine.plan.Planner;
import dev.firedrill.engine.validate.DrillLoader;
import dev.firedrill.operator.api.v1alpha1.DrillRun;
import dev.firedrill.operator.api.v1alpha1.DrillRunSpec;
import dev.firedrill.operator.api.v1alpha1.DrillRunStatus;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Pending's interception steps, on hand-made observations and a movable clock: no cluster. */
class InterceptionHandlerTest {

  private static final Instant START = Instant.parse("2026-12-01T02:00:00Z");

  private static final DrillSpec SPEC =
      new DrillLoader()
          .load(
              "d.yaml",
              """
              target: {namespace: shop, selector: {app: orders}}
              toxiproxy: {proxies: [{name: to-payments, service: payments, port: 80}]}
              workload:
                type: set
                baseUrl: http://orders:8080
                duration: 2m
                operations: {add: {method: POST, path: /a}, read: {path: /a}}
              faults: [{name: cut, at: 30s, duration: 20s, partition: {proxies: [to-payments]}}]
              invariants: [{type: noLostWrites}]
              """)
          .drills()
          .getFirst()
          .spec();

  private static DrillRun run(boolean dryRun) {
    DrillRun run = new DrillRun();
    run.setMetadata(
        new ObjectMetaBuilder().withName("r").withNamespace("shop").withUid("u1").build());
    run.setSpec(new DrillRunSpec("d", DrillRunSpec.Trigger.MANUAL, 9L, dryRun, null));
    return run;
  }

  private static DrillRunStatus planned() {
    return DrillRunStatuses.snapshot(
        DrillRunStatuses.initial(), SPEC, 1, Planner.plan(SPEC, 9), "abc");
  }

  private static Service payments() {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName("payments")
        .withNamespace("shop")
        .endMetadata()
        .withNewSpec()
        .addToSelector("app", "payments")
        .addNewPort()
        .withPort(80)
        .withTargetPort(new IntOrString(8080))
        .endPort()
        .endSpec()
        .build();
  }

  private static Deployment deployment(Integer ready) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("firedrill-r-toxiproxy")
        .withCreationTimestamp(START.toString())
        .endMetadata()
        .withNewStatus()
        .withReadyReplicas(ready)
        .endStatus()
        .build();
  }

  private static Service toxiproxy(String clusterIp) {
    return new ServiceBuilder(RunToxiproxy.service(run(false), "shop"))
        .editSpec()
        .withClusterIP(clusterIp)
        .endSpec()
        .build();
  }

  private static Observed observed(
      DrillRunStatus status,
      boolean dryRun,
      Map<String, Service> services,
      Set<String> live,
      Deployment d,
      Service t,
      Instant now) {
    return new Observed(
        run(dryRun),
        status,
        null,
        List.of(),
        false,
        null,
        false,
        now,
        new InterceptionView("shop", SPEC.toxiproxy().proxies(), services, live, d, t));
  }

  @Test
  void aMissingServiceRefusesTheRunBeforeAnythingIsDeployed() {
    Step step =
        new PendingHandler()
            .handle(observed(planned(), false, Map.of(), Set.of(), null, null, START));

    DrillRunStatus ended = step.status().apply(planned());
    assertThat(ended.phase()).isEqualTo(RunPhase.ERRORED);
    assertThat(ended.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(ended.message())
        .isEqualTo(
            "cannot intercept: Service shop/payments not found: nothing to intercept (fix:"
                + " create it, or name an existing Service in toxiproxy.proxies[].service)");
    assertThat(step.proxy()).isEqualTo(Step.ProxyAction.TEAR_DOWN);
    assertThat(step.job()).isEqualTo(Step.JobAction.NONE);
  }

  @Test
  void aDryRunIsRefusedTooWhenItsServicesCannotBeIntercepted() {
    Step step =
        new PendingHandler()
            .handle(observed(planned(), true, Map.of(), Set.of(), null, null, START));
    assertThat(step.status().apply(planned()).phase()).isEqualTo(RunPhase.ERRORED);

    Step fine =
        new PendingHandler()
            .handle(
                observed(
                    planned(), true, Map.of("payments", payments()), Set.of(), null, null, START));
    assertThat(fine.proxy()).as("a dry run deploys nothing").isEqualTo(Step.ProxyAction.NONE);
    assertThat(fine.status().apply(planned()).phase()).isEqualTo(RunPhase.COMPLETED);
  }

  @Test
  void aServiceHeldByARunUnderWayRefusesOneLeftByAGoneRunDoesNot() {
    Service held =
        new ServiceBuilder(payments())
            .editMetadata()
            .addToAnnotations(
                ServiceInterception.ANNOTATION,
                "{\"run\":\"shop/other\",\"shadow\":\"payments-firedrill-shadow\","
                    + "\"selector\":{\"app\":\"payments\"},"
                    + "\"ports\":[{\"port\":80,\"targetPort\":8080}]}")
            .endMetadata()
            .build();
    Step refused =
        new PendingHandler()
            .handle(
                observed(
                    planned(),
                    false,
                    Map.of("payments", held),
                    Set.of("shop/other"),
                    null,
                    null,
                    START));
    assertThat(refused.status().apply(planned()).message())
        .startsWith(
            "cannot intercept: Service shop/payments is already intercepted by run shop/other");

    Step takeOver =
        new PendingHandler()
            .handle(
                observed(planned(), false, Map.of("payments", held), Set.of(), null, null, START));
    assertThat(takeOver.proxy()).isEqualTo(Step.ProxyAction.DEPLOY);
  }

  @Test
  void theToxiproxyIsDeployedThenAwaitedWithoutSleepingThenTheServicesAreIntercepted() {
    Map<String, Service> services = Map.of("payments", payments());
    PendingHandler pending = new PendingHandler();

    Step deploy = pending.handle(observed(planned(), false, services, Set.of(), null, null, START));
    assertThat(deploy.proxy()).isEqualTo(Step.ProxyAction.DEPLOY);
    assertThat(deploy.job()).isEqualTo(Step.JobAction.NONE);
    assertThat(deploy.requeue()).isEqualTo(Duration.ofSeconds(5));
    assertThat(deploy.status().apply(planned())).isEqualTo(planned());

    Step waiting =
        pending.handle(
            observed(
                planned(),
                false,
                services,
                Set.of(),
                deployment(0),
                toxiproxy("10.0.0.8"),
                START.plusSeconds(10)));
    assertThat(waiting.proxy()).isEqualTo(Step.ProxyAction.NONE);
    assertThat(waiting.requeue()).isEqualTo(Duration.ofSeconds(5));
    Step noAddress =
        pending.handle(
            observed(planned(), false, services, Set.of(), deployment(1), toxiproxy(null), START));
    assertThat(noAddress.proxy())
        .as("Ready pods but no cluster address yet: still waiting")
        .isEqualTo(Step.ProxyAction.NONE);

    Step intercept =
        pending.handle(
            observed(
                planned(),
                false,
                services,
                Set.of(),
                deployment(1),
                toxiproxy("10.0.0.8"),
                START.plusSeconds(12)));
    assertThat(intercept.proxy()).isEqualTo(Step.ProxyAction.INTERCEPT);
    assertThat(intercept.requeue()).isEqualTo(Duration.ZERO);
    DrillRunStatus intercepted = intercept.status().apply(planned());
    assertThat(intercepted.toxiproxyUrl()).isEqualTo("http://10.0.0.8:8474");
    assertThat(intercepted.phase()).isEqualTo(RunPhase.PENDING);

    Step start =
        pending.handle(
            new Observed(run(false), intercepted, null, List.of(), false, null, false, START));
    assertThat(start.job()).isEqualTo(Step.JobAction.CREATE);
    assertThat(start.status().apply(intercepted).phase()).isEqualTo(RunPhase.RUNNING);
  }

  @Test
  void aToxiproxyThatIsNotReadyInTimeErrorsTheRunAndIsTornDown() {
    Map<String, Service> services = Map.of("payments", payments());
    Instant nearly = START.plus(RunToxiproxy.READY_WITHIN).minusSeconds(2);
    Step near =
        new PendingHandler()
            .handle(
                observed(
                    planned(),
                    false,
                    services,
                    Set.of(),
                    deployment(0),
                    toxiproxy("10.0.0.8"),
                    nearly));
    assertThat(near.requeue()).isEqualTo(Duration.ofSeconds(2));

    Step late =
        new PendingHandler()
            .handle(
                observed(
                    planned(),
                    false,
                    services,
                    Set.of(),
                    deployment(0),
                    toxiproxy("10.0.0.8"),
                    START.plus(RunToxiproxy.READY_WITHIN)));
    assertThat(late.heal()).isTrue();
    assertThat(late.proxy()).isEqualTo(Step.ProxyAction.TEAR_DOWN);
    DrillRunStatus ended = late.status().apply(planned());
    assertThat(ended.phase()).isEqualTo(RunPhase.ERRORED);
    assertThat(ended.message())
        .isEqualTo(
            "the run's Toxiproxy shop/firedrill-r-toxiproxy was not Ready within 3m (ready pods:"
                + " 0; fix: kubectl -n shop describe deployment firedrill-r-toxiproxy — the image,"
                + " pull secrets, quota)");
  }

  @Test
  void theKillSwitchInPendingHealsAndTearsDownWhatWasSetUp() {
    Observed o = new Observed(run(false), planned(), null, List.of(), true, null, false, START);
    Step step = new PendingHandler().handle(o);
    assertThat(step.heal()).isTrue();
    assertThat(step.proxy()).isEqualTo(Step.ProxyAction.TEAR_DOWN);
    assertThat(step.status().apply(planned()).phase()).isEqualTo(RunPhase.ABORTED);

    Step before =
        new PendingHandler()
            .handle(
                new Observed(
                    run(false),
                    DrillRunStatuses.initial(),
                    null,
                    List.of(),
                    true,
                    null,
                    false,
                    START));
    assertThat(before.proxy())
        .as("nothing set up before the snapshot")
        .isEqualTo(Step.ProxyAction.NONE);
  }

  @Test
  void aFailedInterceptionEndsTheRunErroredHealedAndTornDown() {
    Observed o = new Observed(run(false), planned(), null, List.of(), false, null, false, START);
    Step failed = InterceptionHandler.failed(o, "could not intercept: Toxiproxy refused");
    assertThat(failed.heal()).isTrue();
    assertThat(failed.proxy()).isEqualTo(Step.ProxyAction.TEAR_DOWN);
    assertThat(failed.status().apply(planned()).message())
        .isEqualTo("could not intercept: Toxiproxy refused");
  }
}
