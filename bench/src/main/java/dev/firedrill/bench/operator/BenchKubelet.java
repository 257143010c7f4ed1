package dev.firedrill.bench.operator;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the mock API server lacks for a whole run: the kubelet and the Job controller. Each runner
 * Job is started once as the packaged CLI with the Job's arguments; its exit sets the Job's status;
 * a deleted Job's process gets SIGTERM. (The operator's tests have the same stand-in,
 * TestingKubelet; a benchmark cannot depend on test classes.)
 */
final class BenchKubelet implements AutoCloseable {

  private final Path cli;
  private final Path tmp;
  private final Map<String, String> env;
  private final Map<String, Process> byRun = new ConcurrentHashMap<>();
  private final Set<String> started = ConcurrentHashMap.newKeySet();
  private final SharedIndexInformer<Job> informer;
  private final KubernetesClient client;

  BenchKubelet(KubernetesClient client, String namespace, Path cli, Path tmp) {
    this.client = client;
    this.cli = cli;
    this.tmp = tmp;
    this.env =
        Map.of(
            "KUBERNETES_MASTER", client.getMasterUrl().toString(),
            "KUBERNETES_TRUST_CERTIFICATES", "true",
            "KUBERNETES_AUTH_TRYKUBECONFIG", "false",
            "KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
    this.informer =
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace(namespace)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Job job) {
                    start(job);
                  }

                  @Override
                  public void onUpdate(Job old, Job job) {}

                  @Override
                  public void onDelete(Job job, boolean unknown) {
                    Process p = byRun.get(run(job));
                    if (p != null) {
                      p.destroy();
                    }
                  }
                });
  }

  /** SIGKILLs the runner of a run: a runner death. */
  void kill(String run) {
    Process p = byRun.get(run);
    if (p != null) {
      p.destroyForcibly();
    }
  }

  private static String run(Job job) {
    return job.getMetadata().getAnnotations().get("firedrill.dev/run-name");
  }

  private void start(Job job) {
    if (!started.add(job.getMetadata().getUid())) {
      return;
    }
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(List.of("-jar", cli.toString()));
    for (String arg : job.getSpec().getTemplate().getSpec().getContainers().getFirst().getArgs()) {
      command.add(arg.startsWith("/tmp") ? tmp.resolve(arg.substring(5)).toString() : arg);
    }
    try {
      ProcessBuilder pb =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(tmp.resolve(job.getMetadata().getName() + ".log").toFile());
      pb.environment().putAll(env);
      Process p = pb.start();
      byRun.put(run(job), p);
      p.onExit().thenAccept(done -> finished(job, done.exitValue()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void finished(Job job, int exit) {
    Job current =
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace(job.getMetadata().getNamespace())
            .withName(job.getMetadata().getName())
            .get();
    if (current == null) {
      return;
    }
    current.setStatus(
        exit == 0
            ? new JobStatusBuilder().withSucceeded(1).build()
            : new JobStatusBuilder()
                .withFailed(1)
                .withConditions(
                    new JobConditionBuilder()
                        .withType("Failed")
                        .withStatus("True")
                        .withReason("BackoffLimitExceeded")
                        .build())
                .build());
    client.resource(current).updateStatus();
  }

  @Override
  public void close() {
    informer.close();
    byRun.values().forEach(Process::destroyForcibly);
  }
}
