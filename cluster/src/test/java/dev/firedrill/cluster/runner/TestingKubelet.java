package dev.firedrill.cluster.runner;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands in for what the mock API server lacks, the kubelet and the Job controller: every runner
 * Job the operator creates is started as a real process — the packaged CLI with the Job's own
 * arguments (the image's entrypoint is {@code firedrill}), talking to the mock server — its exit
 * sets the Job's status (succeeded, or failed with a condition), and deleting the Job sends the
 * process SIGTERM, as the kubelet does to a pod's container. The Job's {@code /tmp} emptyDir is a
 * temporary folder. Of the container's environment, the variables from a Secret ({@code
 * secretKeyRef}) are resolved from the mock server, as the kubelet does ({@link #secretEnv}); a
 * missing Secret or key keeps the pod from starting, as there.
 *
 * <p>Shared by the operator's ITs and the operator benchmark (bench/), both through this module's
 * test-jar: each drives runner Jobs on Fabric8's mock server, and the runner is this module's.
 */
public final class TestingKubelet implements AutoCloseable {

  private final KubernetesClient client;
  private final Path cliJar;
  private final Path tmp;
  private final Map<String, String> env;
  private final Map<String, Process> processes = new ConcurrentHashMap<>();
  private final Map<String, Path> logs = new ConcurrentHashMap<>();
  private final Map<String, String> jobOfRun = new ConcurrentHashMap<>();

  /**
   * Uids of the Jobs whose pod was started, by any kubelet of this JVM: a test's new kubelet sees
   * the Jobs earlier tests left (its informer lists them) and must not start their runners again,
   * as a real Job controller never would.
   */
  private static final java.util.Set<String> STARTED = ConcurrentHashMap.newKeySet();

  /** The annotation of a runner Job that names its DrillRun. */
  private static final String RUN_NAME = "firedrill.dev/run-name";

  private final SharedIndexInformer<Job> informer;

  public TestingKubelet(KubernetesClient client, String namespace, Path cliJar, Path tmp) {
    this.client = client;
    this.cliJar = cliJar;
    this.tmp = tmp;
    String master = client.getMasterUrl().toString();
    this.env =
        Map.of(
            "KUBERNETES_MASTER", master,
            "KUBERNETES_TRUST_CERTIFICATES", "true",
            "KUBERNETES_AUTH_TRYKUBECONFIG", "false",
            "KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false",
            "KUBERNETES_NAMESPACE", namespace);
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
                    Process p = processes.get(job.getMetadata().getName());
                    if (p != null) {
                      p.destroy(); // SIGTERM, as the kubelet stops a deleted pod's container
                    }
                  }
                });
  }

  /** The command the Job's container runs here: the CLI jar for the image's entrypoint. */
  public List<String> command(Job job) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-jar");
    command.add(cliJar.toString());
    for (String arg : job.getSpec().getTemplate().getSpec().getContainers().getFirst().getArgs()) {
      command.add(arg.startsWith("/tmp") ? tmp.resolve(arg.substring(5)).toString() : arg);
    }
    return command;
  }

  private void start(Job job) {
    String name = job.getMetadata().getName();
    if (!STARTED.add(job.getMetadata().getUid())) {
      return; // one pod per Job (backoffLimit 0): an informer's re-list must not start a second
    }
    try {
      Path log = tmp.resolve(name + ".log");
      Files.createDirectories(tmp);
      ProcessBuilder pb =
          new ProcessBuilder(command(job)).redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().putAll(env);
      pb.environment()
          .putAll(
              secretEnv(
                  client,
                  job.getMetadata().getNamespace(),
                  job.getSpec().getTemplate().getSpec().getContainers().getFirst()));
      Process p = pb.start();
      processes.put(name, p);
      String run =
          job.getMetadata().getAnnotations() == null
              ? null
              : job.getMetadata().getAnnotations().get(RUN_NAME);
      if (run != null) {
        jobOfRun.put(run, name);
      }
      logs.put(name, log);
      p.onExit().thenAccept(done -> finished(job, done.exitValue()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void finished(Job job, int exit) {
    var status =
        exit == 0
            ? new JobStatusBuilder().withSucceeded(1).build()
            : new JobStatusBuilder()
                .withFailed(1)
                .withConditions(
                    new JobConditionBuilder()
                        .withType("Failed")
                        .withStatus("True")
                        .withReason("BackoffLimitExceeded")
                        .withMessage(
                            "Job has reached the specified backoff limit (exit " + exit + ")")
                        .build())
                .build();
    Job current =
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace(job.getMetadata().getNamespace())
            .withName(job.getMetadata().getName())
            .get();
    if (current != null) {
      current.setStatus(status);
      client.resource(current).updateStatus();
    }
  }

  /**
   * The variables of {@code container} whose value comes from a Secret of {@code namespace} ({@code
   * valueFrom.secretKeyRef}), resolved as the kubelet does; literal values are left out (the
   * runner's are JVM options for a pod's memory limit).
   *
   * @throws IllegalStateException when a Secret or key that is not optional is missing (the kubelet
   *     would not start the container)
   */
  public static Map<String, String> secretEnv(
      KubernetesClient client, String namespace, Container container) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    if (container.getEnv() == null) {
      return out;
    }
    for (EnvVar v : container.getEnv()) {
      SecretKeySelector ref = v.getValueFrom() == null ? null : v.getValueFrom().getSecretKeyRef();
      if (ref == null) {
        continue;
      }
      Secret secret = client.secrets().inNamespace(namespace).withName(ref.getName()).get();
      String value = null;
      if (secret != null
          && secret.getData() != null
          && secret.getData().get(ref.getKey()) != null) {
        value =
            new String(
                Base64.getDecoder().decode(secret.getData().get(ref.getKey())),
                StandardCharsets.UTF_8);
      } else if (secret != null && secret.getStringData() != null) {
        value = secret.getStringData().get(ref.getKey());
      }
      if (value == null && !Boolean.TRUE.equals(ref.getOptional())) {
        throw new IllegalStateException(
            "secret " + namespace + "/" + ref.getName() + " key " + ref.getKey() + " not found");
      }
      if (value != null) {
        out.put(v.getName(), value);
      }
    }
    return out;
  }

  /** The environment that points a process at the mock API server, as the runner gets it. */
  public Map<String, String> env() {
    return env;
  }

  /** The runner process of a Job, once started. */
  public Process process(String job) {
    return processes.get(job);
  }

  /** SIGKILLs the runner of a DrillRun (by its name), as a node that dies would: a runner death. */
  public void killRunnerOf(String run) {
    String job = jobOfRun.get(run);
    Process p = job == null ? null : processes.get(job);
    if (p != null) {
      p.destroyForcibly();
    }
  }

  /** What the runner of a Job printed so far. */
  public String log(String job) {
    Path log = logs.get(job);
    try {
      return log == null ? "(not started)" : Files.readString(log);
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    informer.close();
    processes.values().forEach(Process::destroyForcibly);
  }
}
