package dev.firedrill.operator.run;

import dev.firedrill.cluster.runner.ClusterRunner;
import dev.firedrill.engine.model.DrillSpec;
import dev.firedrill.engine.model.DurationText;
import dev.firedrill.engine.plan.Planner;
import dev.firedrill.operator.api.v1alpha1.DrillRun;
import dev.firedrill.operator.config.OperatorConfig;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The runner Job of a DrillRun: in the operator's namespace, the runner image running {@code
 * firedrill run --in-cluster --drill-run <ns>/<name>}, under the runner's ServiceAccount, never
 * retried ({@code backoffLimit: 0}: a second runner must not inject the plan again), with an active
 * deadline of the run's timeout, as a restricted pod (non-root, read-only root file system, no
 * privilege escalation, no capabilities) writing only to an emptyDir at /tmp.
 */
public final class RunnerJobs {

  /** Label on a runner Job: a hash of the run's namespace/name (labels hold no slash). */
  public static final String RUN_LABEL = "firedrill.dev/run";

  /** Annotations naming the run a Job belongs to. */
  public static final String RUN_NAMESPACE = "firedrill.dev/run-namespace";

  public static final String RUN_NAME = "firedrill.dev/run-name";

  private static final Duration EXTRA = Duration.ofMinutes(10);

  private RunnerJobs() {}

  /** The runner Job's name: readable, unique per run, at most 63 characters. */
  public static String name(DrillRun run) {
    String base = run.getMetadata().getName();
    if (base.length() > 40) {
      base = base.substring(0, 40);
    }
    base = base.replaceAll("-+$", "");
    return "firedrill-" + base + "-" + hash(run).substring(0, 8);
  }

  /** The value of {@link #RUN_LABEL} for a run. */
  public static String hash(DrillRun run) {
    String id = run.getMetadata().getNamespace() + "/" + run.getMetadata().getName();
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * How long the run may take: its spec's timeout, else warm-up + workload + recovery + 10 minutes.
   */
  public static Duration timeout(DrillRun run, DrillSpec spec) {
    if (run.getSpec().timeout() != null) {
      return DurationText.parse(run.getSpec().timeout());
    }
    return DurationText.parseOr(spec.workload().warmup(), Duration.ZERO)
        .plus(DurationText.parse(spec.workload().duration()))
        .plus(DurationText.parseOr(spec.recovery(), Planner.DEFAULT_RECOVERY))
        .plus(EXTRA);
  }

  /**
   * The Job that runs {@code run}. A run with a Toxiproxy of its own that asks for a token gets it
   * from the run's token Secret in the Job's namespace ({@code secretKeyRef}, as {@value
   * ClusterRunner#TOKEN_ENV}).
   */
  public static Job job(DrillRun run, DrillSpec spec, OperatorConfig config) {
    Job job = plainJob(run, spec, config);
    if (run.getStatus() != null
        && run.getStatus().toxiproxyUrl() != null
        && RunToxiproxyToken.needed(config)) {
      job.getSpec()
          .getTemplate()
          .getSpec()
          .getContainers()
          .getFirst()
          .getEnv()
          .add(
              RunToxiproxyToken.env(
                  ClusterRunner.TOKEN_ENV, RunToxiproxy.name(run, config.namespace())));
    }
    return job;
  }

  private static Job plainJob(DrillRun run, DrillSpec spec, OperatorConfig config) {
    String ns = run.getMetadata().getNamespace();
    String name = run.getMetadata().getName();
    long deadline = Math.max(60, timeout(run, spec).toSeconds() + 60);
    return new JobBuilder()
        .withNewMetadata()
        .withName(name(run))
        .withNamespace(config.namespace())
        .addToLabels(RUN_LABEL, hash(run))
        .addToLabels("app.kubernetes.io/name", "firedrill-runner")
        .addToLabels("app.kubernetes.io/managed-by", "firedrill-operator")
        .addToAnnotations(RUN_NAMESPACE, ns)
        .addToAnnotations(RUN_NAME, name)
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(0)
        .withActiveDeadlineSeconds(deadline)
        .withTtlSecondsAfterFinished(3600)
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels(RUN_LABEL, hash(run))
        .addToLabels("app.kubernetes.io/name", "firedrill-runner")
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .withServiceAccountName(config.runnerServiceAccount())
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .addNewContainer()
        .withName("runner")
        .withImage(config.runnerImage())
        .withArgs(args(ns, name))
        .addNewEnv()
        .withName("JAVA_TOOL_OPTIONS")
        .withValue("-XX:MaxRAMPercentage=75")
        .endEnv()
        .withNewSecurityContext()
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .endSecurityContext()
        .withNewResources()
        .addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("250m"))
        .addToRequests("memory", new io.fabric8.kubernetes.api.model.Quantity("256Mi"))
        .addToLimits("memory", new io.fabric8.kubernetes.api.model.Quantity("1Gi"))
        .endResources()
        .addNewVolumeMount()
        .withName("tmp")
        .withMountPath("/tmp")
        .endVolumeMount()
        .endContainer()
        .addNewVolume()
        .withName("tmp")
        .withNewEmptyDir()
        .endEmptyDir()
        .endVolume()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /** The runner's arguments (the image's entrypoint is {@code firedrill}). */
  public static List<String> args(String namespace, String name) {
    return List.of(
        "run", "--in-cluster", "--drill-run", namespace + "/" + name, "--out", "/tmp/runs");
  }

  /** Where a Job stands, from its status. */
  public enum JobState {
    NONE,
    ACTIVE,
    SUCCEEDED,
    FAILED;

    static JobState of(Job job) {
      if (job == null) {
        return NONE;
      }
      var s = job.getStatus();
      if (s == null) {
        return ACTIVE;
      }
      if (s.getSucceeded() != null && s.getSucceeded() > 0) {
        return SUCCEEDED;
      }
      if (s.getFailed() != null && s.getFailed() > 0) {
        return FAILED;
      }
      boolean failedCondition =
          s.getConditions() != null
              && s.getConditions().stream()
                  .anyMatch(c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus()));
      return failedCondition ? FAILED : ACTIVE;
    }
  }

  /** Why a Job failed, in a few words, from its conditions. */
  static String failure(Job job) {
    if (job == null) {
      return "its Job is gone";
    }
    if (job.getStatus() != null && job.getStatus().getConditions() != null) {
      for (var c : job.getStatus().getConditions()) {
        if ("Failed".equals(c.getType()) && "True".equals(c.getStatus())) {
          return "its Job failed ("
              + (c.getReason() == null ? "no reason" : c.getReason())
              + (c.getMessage() == null ? "" : ": " + c.getMessage())
              + ")";
        }
      }
    }
    return "its Job failed";
  }

  static String lower(Object o) {
    return String.valueOf(o).toLowerCase(Locale.ROOT);
  }
}
