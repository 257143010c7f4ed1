package dev.firedrill.operator.run;

import dev.firedrill.cluster.fault.ServiceInterception;
import dev.firedrill.cluster.runner.ClusterRunner;
import dev.firedrill.cluster.safety.ClusterRules;
import dev.firedrill.cluster.status.DrillRunStatuses;
import dev.firedrill.cluster.status.StatusUpdater;
import dev.firedrill.engine.fault.LedgerEntry;
import dev.firedrill.engine.fault.toxiproxy.ToxiproxyDriver;
import dev.firedrill.engine.model.RunPhase;
import dev.firedrill.operator.api.v1alpha1.Drill;
import dev.firedrill.operator.api.v1alpha1.DrillRun;
import dev.firedrill.operator.api.v1alpha1.DrillRunStatus;
import dev.firedrill.operator.config.OperatorConfig;
import dev.firedrill.operator.drill.DrillRuns;
import dev.firedrill.operator.drill.DrillValidation;
import dev.firedrill.operator.drill.RunNames;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reconciles a DrillRun as a state machine (docs/dev/operator-flow.md): observe (the run, its
 * Drill, the namespace rules, the kill switch, its runner Job) → decide (the handler of its phase:
 * {@link PendingHandler}, or {@link RunnerWatch} while the runner works) → act (heal from the
 * ledger, create or delete the Job) → record (the status through {@code DrillRunStatuses}, an
 * Event). Nothing here waits on the system under test; the heal is bounded by the Toxiproxy
 * timeouts. Deleting a run heals it first ({@link #cleanup}); the finalizer stays while a fault
 * could not be healed, unless the run is annotated {@value #SKIP_HEAL}=true.
 *
 * <p>A reconcile that throws (a conflict, an API server blip) is retried soon and often: JOSDK's
 * default first retry waits 2 s and gives up after 5, too slow for a kill switch that must heal
 * within 5 s and too few for a run whose faults are still in effect.
 */
@ControllerConfiguration(name = "drillrun")
@GradualRetry(initialInterval = 200, intervalMultiplier = 2, maxInterval = 10_000, maxAttempts = 40)
public class DrillRunReconciler implements Reconciler<DrillRun>, Cleaner<DrillRun> {

  /** Annotation that lets a run be deleted although a heal failed. */
  public static final String SKIP_HEAL = "firedrill.dev/skip-heal";

  private static final Duration RETRY_CLEANUP = Duration.ofSeconds(10);

  private final KubernetesClient client;
  private final OperatorConfig config;
  private final InstantSource clock;
  private final DrillValidation validation;
  private final RunHealing healing;
  private final StatusUpdater updater;
  private final RunInterception interception;
  private final PendingHandler pending = new PendingHandler();
  private final RunnerWatch watch = new RunnerWatch();

  /** Runs whose runner this operator process started (by uid): others are from before a restart. */
  private final Set<String> startedHere = ConcurrentHashMap.newKeySet();

  @Inject
  public DrillRunReconciler(
      KubernetesClient client,
      OperatorConfig config,
      InstantSource clock,
      DrillValidation validation,
      RunHealing healing) {
    this.client = client;
    this.config = config;
    this.clock = clock;
    this.validation = validation;
    this.healing = healing;
    this.updater = new StatusUpdater(client);
    this.interception = new RunInterception(client, config, clock);
  }

  @Override
  public List<EventSource<?, DrillRun>> prepareEventSources(EventSourceContext<DrillRun> context) {
    return DrillRunEventSources.of(context, config);
  }

  @Override
  public UpdateControl<DrillRun> reconcile(DrillRun run, Context<DrillRun> context) {
    String ns = run.getMetadata().getNamespace();
    String name = run.getMetadata().getName();
    for (int i = 0; i < 3; i++) {
      DrillRunStatus status =
          run.getStatus() == null ? DrillRunStatuses.initial() : run.getStatus();
      if (status.terminal()) {
        return UpdateControl.noUpdate();
      }
      if (status.phase() == RunPhase.PENDING) {
        run = labelled(run);
      }
      Observed o = observe(run, status);
      Step step = status.phase() == RunPhase.PENDING ? pending.handle(o) : watch.handle(o);
      run = act(run, o, step);
      if (step.requeue() == null) {
        return UpdateControl.noUpdate();
      }
      if (!step.requeue().isZero()) {
        return UpdateControl.<DrillRun>noUpdate().rescheduleAfter(step.requeue());
      }
      run = client.resources(DrillRun.class).inNamespace(ns).withName(name).get();
      if (run == null) {
        return UpdateControl.noUpdate();
      }
    }
    return UpdateControl.<DrillRun>noUpdate().rescheduleAfter(Duration.ofSeconds(1));
  }

  /**
   * Deleting a run under way: stop the runner, heal from the ledger (Services restored), then take
   * its Toxiproxy down.
   */
  @Override
  public DeleteControl cleanup(DrillRun run, Context<DrillRun> context) {
    deleteJob(run);
    List<LedgerEntry> left = heal(run);
    left = interception.tearDown(fresh(run), left);
    startedHere.remove(run.getMetadata().getUid());
    boolean skip =
        run.getMetadata().getAnnotations() != null
            && "true".equals(run.getMetadata().getAnnotations().get(SKIP_HEAL));
    if (!left.isEmpty() && !skip) {
      event(
          run,
          "Warning",
          "HealFailed",
          left.size()
              + " fault(s) may still be in effect; the run is kept until they heal (or annotate it "
              + SKIP_HEAL
              + "=true)");
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(RETRY_CLEANUP);
    }
    return DeleteControl.defaultDelete();
  }

  /**
   * Gives a run made outside the operator ({@code kubectl create}, another tool) the label of its
   * drill, so schedules (Forbid, Replace), history limits and the Drill's status count it.
   */
  private DrillRun labelled(DrillRun run) {
    String value = RunNames.labelValue(run.getSpec().drill());
    Map<String, String> labels = run.getMetadata().getLabels();
    if (labels != null && value.equals(labels.get(DrillRuns.DRILL_LABEL))) {
      return run;
    }
    return client
        .resources(DrillRun.class)
        .inNamespace(run.getMetadata().getNamespace())
        .withName(run.getMetadata().getName())
        .edit(r -> {
          r.getMetadata().getLabels().put(DrillRuns.DRILL_LABEL, value);
          return r;
        });
  }

  private Observed observe(DrillRun run, DrillRunStatus status) {
    String ns = run.getMetadata().getNamespace();
    Drill drill = null;
    List<String> problems = new ArrayList<>();
    if (status.phase() == RunPhase.PENDING && status.snapshot() == null) {
      drill = client.resources(Drill.class).inNamespace(ns).withName(run.getSpec().drill()).get();
      if (drill != null) {
        problems.addAll(problems(drill));
      }
    }
    Job job =
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace(config.namespace())
            .withName(RunnerJobs.name(run))
            .get();
    if (job != null && status.phase() == RunPhase.PENDING) {
      startedHere.add(run.getMetadata().getUid()); // created by this process before a retry
    }
    return new Observed(
        run,
        status,
        drill,
        problems,
        killSwitchEngaged(),
        job,
        startedHere.contains(run.getMetadata().getUid()),
        clock.instant(),
        interception.observe(run, status));
  }

  private List<String> problems(Drill drill) {
    List<String> out = new ArrayList<>();
    validation.specProblems(drill).forEach(p -> out.add(p.path() + ": " + p.message()));
    if (!out.isEmpty()) {
      return out;
    }
    String target =
        drill.getSpec().target().namespace() != null
            ? drill.getSpec().target().namespace()
            : drill.getMetadata().getNamespace();
    java.util.LinkedHashSet<String> namespaces = new java.util.LinkedHashSet<>();
    namespaces.add(target);
    for (var fault : drill.getSpec().faults()) {
      if (fault.actions().size() == 1
          && fault.action() instanceof dev.firedrill.engine.model.PodKill kill
          && kill.namespace() != null) {
        namespaces.add(kill.namespace()); // a kill elsewhere needs that namespace's opt-in too
      }
    }
    for (String ns : namespaces) {
      out.addAll(
          validation.namespaceProblems(ns, labels(ns), Set.of(config.namespace(), "kube-system")));
    }
    out.addAll(ClusterRules.problems(drill.getSpec()));
    return out;
  }

  /** A namespace's labels; null when it does not exist. */
  private Map<String, String> labels(String name) {
    Namespace namespace = client.namespaces().withName(name).get();
    if (namespace == null) {
      return null;
    }
    return namespace.getMetadata().getLabels() == null
        ? Map.of()
        : namespace.getMetadata().getLabels();
  }

  private boolean killSwitchEngaged() {
    ConfigMap cm =
        client.configMaps().inNamespace(config.namespace()).withName(config.killSwitch()).get();
    return cm != null && cm.getData() != null && "true".equals(cm.getData().get("engaged"));
  }

  private DrillRun act(DrillRun run, Observed o, Step step) {
    if (step.job() == Step.JobAction.DELETE) {
      deleteJob(run); // stop the runner first, so it injects nothing after the heal
    }
    List<LedgerEntry> left = step.heal() ? heal(fresh(run)) : List.of();
    if (step.proxy() == Step.ProxyAction.TEAR_DOWN) {
      left = interception.tearDown(fresh(run), left);
    }
    if (!left.isEmpty()) {
      event(run, "Warning", "HealFailed", healFailed(left));
    }
    if (step.proxy() == Step.ProxyAction.DEPLOY) {
      try {
        interception.deploy(fresh(run));
      } catch (KubernetesClientException e) {
        if (e.getCode() < 400 || e.getCode() >= 500 || e.getCode() == 429) {
          throw e; // the API server may answer next time: JOSDK retries the reconcile
        }
        // Refused for good (RBAC, quota, admission): retrying would leave the run Pending forever.
        String why = "could not deploy the run's Toxiproxy: " + ClusterRunner.describe(e);
        return act(run, o, InterceptionHandler.failed(o, why));
      }
    }
    if (step.proxy() == Step.ProxyAction.INTERCEPT) {
      String url = RunToxiproxy.url(o.interception().toxiproxy());
      try {
        for (String r : interception.intercept(fresh(run), url)) {
          event(run, "Normal", "Restored", "restored Service " + r + ", a run no longer under way");
        }
      } catch (Exception e) {
        // Nothing half-done stays: the failed step heals what was intercepted and tears down.
        String why = "could not intercept: " + ClusterRunner.describe(e);
        return act(run, o, InterceptionHandler.failed(o, why));
      }
    }
    if (step.job() == Step.JobAction.CREATE) {
      DrillRun current = fresh(run);
      Job job = RunnerJobs.job(current, current.getStatus().snapshot(), config);
      try {
        client.resource(job).create();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
      }
      startedHere.add(run.getMetadata().getUid());
    }
    DrillRun written =
        updater.update(
            run.getMetadata().getNamespace(), run.getMetadata().getName(), step.status());
    if (step.reason() != null) {
      boolean warning =
          written.getStatus() != null
              && written.getStatus().terminal()
              && written.getStatus().phase() != RunPhase.COMPLETED;
      event(run, warning ? "Warning" : "Normal", step.reason(), step.message());
    }
    if (written.getStatus() != null && written.getStatus().terminal()) {
      startedHere.remove(run.getMetadata().getUid());
    }
    return written;
  }

  /**
   * Heals the run from its ledger with its own Toxiproxy's token; when the token's Secret is gone
   * and an entry on that Toxiproxy needs healing, says so in an Event (TokenMissing) and tries
   * without it, so a fault is never left silently.
   */
  private List<LedgerEntry> heal(DrillRun run) {
    RunInterception.Tokens tokens = interception.tokens(run);
    if (tokens.missing() != null
        && run.getStatus().faults().stream()
            .anyMatch(e -> e.state().needsHeal() && ToxiproxyDriver.KIND.equals(e.driver()))) {
      event(run, "Warning", "TokenMissing", tokens.missing());
    }
    return healing.heal(run, tokens.byUrl());
  }

  /** The HealFailed message: how many faults may be in effect, and whether a Toxiproxy stays. */
  private static String healFailed(List<LedgerEntry> left) {
    List<String> services =
        left.stream()
            .filter(e -> ServiceInterception.KIND.equals(e.driver()))
            .map(LedgerEntry::target)
            .toList();
    return left.size()
        + " fault(s) may still be in effect"
        + (services.isEmpty()
            ? ""
            : "; the run's Toxiproxy stays while " + services + " still route through it");
  }

  private DrillRun fresh(DrillRun run) {
    DrillRun latest =
        client
            .resources(DrillRun.class)
            .inNamespace(run.getMetadata().getNamespace())
            .withName(run.getMetadata().getName())
            .get();
    return latest != null ? latest : run;
  }

  private void deleteJob(DrillRun run) {
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace(config.namespace())
        .withName(RunnerJobs.name(run))
        .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND)
        .delete();
  }

  private void event(DrillRun run, String type, String reason, String message) {
    try {
      client
          .v1()
          .events()
          .inNamespace(run.getMetadata().getNamespace())
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withGenerateName(run.getMetadata().getName() + "-")
                  .withNamespace(run.getMetadata().getNamespace())
                  .endMetadata()
                  .withNewInvolvedObject()
                  .withApiVersion(run.getApiVersion())
                  .withKind(run.getKind())
                  .withName(run.getMetadata().getName())
                  .withNamespace(run.getMetadata().getNamespace())
                  .withUid(run.getMetadata().getUid())
                  .endInvolvedObject()
                  .withType(type)
                  .withReason(reason)
                  .withMessage(message)
                  .withFirstTimestamp(clock.instant().toString())
                  .withLastTimestamp(clock.instant().toString())
                  .withCount(1)
                  .withNewSource()
                  .withComponent("firedrill-operator")
                  .endSource()
                  .build())
          .create();
    } catch (KubernetesClientException e) {
      // Events are best effort: the status carries the same facts.
    }
  }
}
