package dev.firedrill.operator.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.firedrill.engine.model.DrillSpec;
import dev.firedrill.engine.validate.DrillLoader;
import dev.firedrill.engine.validate.LoadResult;
import dev.firedrill.operator.api.v1alpha1.Drill;
import dev.firedrill.operator.api.v1alpha1.DrillRun;
import dev.firedrill.operator.api.v1alpha1.DrillRunSpec;
import dev.firedrill.operator.api.v1alpha1.DrillRunStatus;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;

/**
 * Drills, DrillRuns and namespaces in Fabric8's mock API server, as the operator ITs make and wait
 * for them: one place for what {@code DrillRunOperatorIT}, {@code InterceptionOperatorIT} and
 * {@code RunsPageIT} all need. A drill's YAML goes through the real {@link DrillLoader} and must
 * load without a problem, so a test never runs a drill that lint would refuse.
 */
public final class TestingRuns {

  private final KubernetesClient client;

  public TestingRuns(KubernetesClient client) {
    this.client = client;
  }

  /** The spec of a drill file's text; fails the test on any lint problem. */
  public static DrillSpec spec(String name, String yaml) {
    LoadResult loaded = new DrillLoader().load(name + ".yaml", yaml);
    assertThat(loaded.problems()).as("lint problems of %s", name).isEmpty();
    return loaded.drills().getFirst().spec();
  }

  /** Creates (or updates) a namespace with these labels. */
  public void namespace(String name, Map<String, String> labels) {
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

  /** Creates the Drill {@code namespace/name} from a drill file's text. */
  public Drill drill(String namespace, String name, String yaml) {
    return drill(namespace, name, spec(name, yaml));
  }

  /** Creates the Drill {@code namespace/name} with this spec. */
  public Drill drill(String namespace, String name, DrillSpec spec) {
    Drill drill = new Drill();
    drill.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    drill.setSpec(spec);
    return client.resource(drill).create();
  }

  /** Creates a DrillRun of {@code drill}, as a CI gate would. */
  public DrillRun run(String namespace, String name, String drill) {
    return run(namespace, name, drill, DrillRunSpec.Trigger.CI);
  }

  /** Creates a DrillRun of {@code drill} with this trigger. */
  public DrillRun run(String namespace, String name, String drill, DrillRunSpec.Trigger trigger) {
    return run(namespace, name, drill, trigger, null);
  }

  /**
   * Creates a DrillRun of {@code drill} with this trigger and, when not null, this status in the
   * object created (a finished run for the operator to find as it is, never to start).
   */
  public DrillRun run(
      String namespace,
      String name,
      String drill,
      DrillRunSpec.Trigger trigger,
      DrillRunStatus status) {
    DrillRun run = new DrillRun();
    run.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    run.setSpec(DrillRunSpec.of(drill, trigger));
    run.setStatus(status);
    return client.resource(run).create();
  }

  /** The DrillRun as the API server has it now, or null when it is gone. */
  public DrillRun get(String namespace, String name) {
    return client.resources(DrillRun.class).inNamespace(namespace).withName(name).get();
  }

  /** The DrillRun as the API server has it now, or null when it is gone. */
  public DrillRun get(DrillRun run) {
    return get(run.getMetadata().getNamespace(), run.getMetadata().getName());
  }

  /** The runner Job of a run in the operator's namespace, or null when there is none. */
  public Job runnerJob(String operatorNamespace, DrillRun run) {
    return client
        .batch()
        .v1()
        .jobs()
        .inNamespace(operatorNamespace)
        .withName(RunnerJobs.name(run))
        .get();
  }

  /** Waits up to {@code limit} for the run's status to be terminal, and returns it. */
  public DrillRunStatus awaitTerminal(DrillRun run, Duration limit) {
    await()
        .atMost(limit)
        .until(() -> {
          DrillRun r = get(run);
          return r != null && r.getStatus() != null && r.getStatus().terminal();
        });
    return get(run).getStatus();
  }
}
