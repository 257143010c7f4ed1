package dev.firedrill.operator.run;

import dev.firedrill.operator.api.v1alpha1.DrillRun;
import dev.firedrill.operator.config.OperatorConfig;
import dev.firedrill.operator.config.OperatorConfig.ToxiproxyImplementation;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Toxiproxy of one DrillRun that intercepts Services: a Deployment of one pod and a ClusterIP
 * Service {@code firedrill-<run>-toxiproxy} in the target namespace. Its pods carry {@link
 * #podLabels}, which an intercepted Service selects for the run's length; the operator and the
 * runner reach its API at the Service's cluster address ({@link #url}). It runs as a restricted pod
 * like the runner (non-root, read-only root file system, no privilege escalation, no capabilities,
 * no ServiceAccount token), and is Ready when its API answers. The embedded proxy asks every API
 * request for the run's token ({@link RunToxiproxyToken}); a real Toxiproxy has none.
 *
 * <p>Both objects are owned by the DrillRun when the run lives in the target namespace (an owner
 * reference cannot cross namespaces: the garbage collector would delete the dependent at once);
 * either way the operator deletes them when the run ends ({@link RunInterception#tearDown}).
 */
final class RunToxiproxy {

  /** The port of the Toxiproxy API, in the pod and on the Service. */
  static final int API_PORT = 8474;

  /** How long a Toxiproxy may take to become Ready before the run is refused. */
  static final Duration READY_WITHIN = Duration.ofMinutes(3);

  /** The {@code app.kubernetes.io/name} of the per-run Toxiproxy objects and pods. */
  static final String APP = "firedrill-toxiproxy";

  private static final String NAME_LABEL = "app.kubernetes.io/name";
  private static final String SUFFIX = "-toxiproxy";
  private static final int MAX_BASE = 63 - "firedrill-".length() - SUFFIX.length();
  private static final long SHOPIFY_USER = 65532;

  private RunToxiproxy() {}

  /** Where the run's Toxiproxy stands, as the reconciler saw it. */
  enum State {
    /** The Deployment or the Service does not exist (yet). */
    ABSENT,
    /** Both exist; no pod is Ready, or the Service has no cluster address yet. */
    STARTING,
    /** A pod is Ready and the Service has a cluster address: {@link #url} answers. */
    READY;

    static State of(Deployment deployment, Service service) {
      if (deployment == null || service == null) {
        return ABSENT;
      }
      Integer ready =
          deployment.getStatus() == null ? null : deployment.getStatus().getReadyReplicas();
      return ready != null && ready > 0 && url(service) != null ? READY : STARTING;
    }
  }

  /**
   * The name of the Deployment and the Service: {@code firedrill-<run>-toxiproxy} when the run's
   * name is a DNS label that fits and the run lives in the target namespace; else a cut, dotless
   * name with 8 hex digits of the run's hash, so runs of two namespaces never share one.
   */
  static String name(DrillRun run, String targetNamespace) {
    String base = run.getMetadata().getName();
    boolean plain =
        base.length() <= MAX_BASE
            && base.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")
            && targetNamespace.equals(run.getMetadata().getNamespace());
    if (!plain) {
      String hash = RunnerJobs.hash(run).substring(0, 8);
      base = base.replace('.', '-');
      if (base.length() > MAX_BASE - hash.length() - 1) {
        base = base.substring(0, MAX_BASE - hash.length() - 1);
      }
      base = base.replaceAll("-+$", "") + "-" + hash;
    }
    return "firedrill-" + base + SUFFIX;
  }

  /** The labels of the run's Toxiproxy pods: what an intercepted Service selects. */
  static Map<String, String> podLabels(DrillRun run) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(NAME_LABEL, APP);
    labels.put(RunnerJobs.RUN_LABEL, RunnerJobs.hash(run));
    return labels;
  }

  /** The DrillRun as owner, or null when the objects live in another namespace than the run. */
  static OwnerReference owner(DrillRun run, String namespace) {
    if (!namespace.equals(run.getMetadata().getNamespace())) {
      return null;
    }
    return new OwnerReferenceBuilder()
        .withApiVersion(run.getApiVersion())
        .withKind(run.getKind())
        .withName(run.getMetadata().getName())
        .withUid(run.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(false)
        .build();
  }

  /** The implementation {@code config} names, with {@code auto} resolved from the image. */
  static ToxiproxyImplementation implementation(OperatorConfig config) {
    if (config.toxiproxyImplementation() != ToxiproxyImplementation.AUTO) {
      return config.toxiproxyImplementation();
    }
    String image = config.toxiproxyImage();
    int at = image.indexOf('@');
    String path = at >= 0 ? image.substring(0, at) : image;
    String last = path.substring(path.lastIndexOf('/') + 1);
    int colon = last.indexOf(':');
    String name = colon >= 0 ? last.substring(0, colon) : last;
    return name.equals("toxiproxy")
        ? ToxiproxyImplementation.SHOPIFY
        : ToxiproxyImplementation.EMBEDDED;
  }

  /**
   * The container's arguments: the API on every address, port {@value #API_PORT}; Shopify's also
   * with the per-proxy metrics, from which a network fault reports the traffic it saw.
   */
  static List<String> args(ToxiproxyImplementation implementation) {
    return implementation == ToxiproxyImplementation.SHOPIFY
        ? List.of("-host=0.0.0.0", "-port=" + API_PORT, "-proxy-metrics")
        : List.of("proxy", "--host", "0.0.0.0", "--port", Integer.toString(API_PORT));
  }

  /** The Deployment: one pod, recreated rather than rolled (its proxies live in memory). */
  static Deployment deployment(DrillRun run, String namespace, OperatorConfig config) {
    ToxiproxyImplementation implementation = implementation(config);
    Map<String, String> pods = podLabels(run);
    PodSecurityContextBuilder pod =
        new PodSecurityContextBuilder()
            .withRunAsNonRoot(true)
            .withNewSeccompProfile()
            .withType("RuntimeDefault")
            .endSeccompProfile();
    if (implementation == ToxiproxyImplementation.SHOPIFY) {
      pod.withRunAsUser(SHOPIFY_USER).withRunAsGroup(SHOPIFY_USER); // the image has no user
    }
    DeploymentBuilder d =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName(name(run, namespace))
            .withNamespace(namespace)
            .withLabels(labels(run))
            .withAnnotations(annotations(run))
            .endMetadata()
            .withNewSpec()
            .withReplicas(1)
            .withNewStrategy()
            .withType("Recreate")
            .endStrategy()
            .withNewSelector()
            .withMatchLabels(pods)
            .endSelector()
            .withNewTemplate()
            .withNewMetadata()
            .withLabels(pods)
            .endMetadata()
            .withNewSpec()
            .withAutomountServiceAccountToken(false)
            .withEnableServiceLinks(false)
            .withSecurityContext(pod.build())
            .addNewContainer()
            .withName("toxiproxy")
            .withImage(config.toxiproxyImage())
            .withArgs(args(implementation))
            .addNewPort()
            .withName("api")
            .withContainerPort(API_PORT)
            .withProtocol("TCP")
            .endPort()
            .withReadinessProbe(readiness(implementation))
            .withNewSecurityContext()
            .withAllowPrivilegeEscalation(false)
            .withReadOnlyRootFilesystem(true)
            .withPrivileged(false)
            .withNewCapabilities()
            .withDrop("ALL")
            .endCapabilities()
            .endSecurityContext()
            .withNewResources()
            .addToRequests("cpu", new Quantity("100m"))
            .addToRequests("memory", new Quantity("128Mi"))
            .addToLimits("memory", new Quantity("384Mi"))
            .endResources()
            .addNewVolumeMount()
            .withName("tmp")
            .withMountPath("/tmp")
            .endVolumeMount()
            .endContainer()
            .addNewVolume()
            .withName("tmp")
            .withNewEmptyDir()
            .withSizeLimit(new Quantity("16Mi"))
            .endEmptyDir()
            .endVolume()
            .endSpec()
            .endTemplate()
            .endSpec();
    if (implementation == ToxiproxyImplementation.EMBEDDED) {
      d.editSpec()
          .editTemplate()
          .editSpec()
          .editFirstContainer()
          .addNewEnv()
          .withName("JAVA_TOOL_OPTIONS")
          .withValue("-XX:MaxRAMPercentage=75")
          .endEnv()
          .addToEnv(RunToxiproxyToken.env(RunToxiproxyToken.PROXY_ENV, name(run, namespace)))
          .endContainer()
          .endSpec()
          .endTemplate()
          .endSpec();
    }
    OwnerReference owner = owner(run, namespace);
    if (owner != null) {
      d.editMetadata().withOwnerReferences(owner).endMetadata();
    }
    return d.build();
  }

  /**
   * Ready when the API answers: Shopify's {@code GET /version}; the embedded proxy's, which asks
   * every request for the run's token (a probe's headers would be a literal in the pod spec), when
   * it accepts connections.
   */
  private static Probe readiness(ToxiproxyImplementation implementation) {
    ProbeBuilder probe = new ProbeBuilder().withPeriodSeconds(2);
    if (implementation == ToxiproxyImplementation.EMBEDDED) {
      probe.withNewTcpSocket().withPort(new IntOrString("api")).endTcpSocket();
    } else {
      probe.withNewHttpGet().withPath("/version").withPort(new IntOrString("api")).endHttpGet();
    }
    return probe.build();
  }

  /** The Service: the API on {@value #API_PORT} at a cluster address. */
  static Service service(DrillRun run, String namespace) {
    ServiceBuilder s =
        new ServiceBuilder()
            .withNewMetadata()
            .withName(name(run, namespace))
            .withNamespace(namespace)
            .withLabels(labels(run))
            .withAnnotations(annotations(run))
            .endMetadata()
            .withNewSpec()
            .withType("ClusterIP")
            .withSelector(podLabels(run))
            .addNewPort()
            .withName("api")
            .withPort(API_PORT)
            .withTargetPort(new IntOrString("api"))
            .withProtocol("TCP")
            .endPort()
            .endSpec();
    OwnerReference owner = owner(run, namespace);
    if (owner != null) {
      s.editMetadata().withOwnerReferences(owner).endMetadata();
    }
    return s.build();
  }

  /**
   * The API's URL from the Service: {@code http://<clusterIP>:<port>}, or null while it has no
   * cluster address. An address rather than a DNS name, so it holds wherever the operator and the
   * runner resolve names.
   */
  static String url(Service service) {
    if (service.getSpec() == null || service.getSpec().getPorts() == null) {
      return null;
    }
    String ip = service.getSpec().getClusterIP();
    if (ip == null || ip.isBlank() || "None".equals(ip)) {
      return null;
    }
    Integer port =
        service.getSpec().getPorts().stream()
            .filter(p -> "api".equals(p.getName()))
            .map(p -> p.getPort())
            .findFirst()
            .orElse(null);
    if (port == null) {
      return null;
    }
    return "http://" + (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port;
  }

  /** When the Deployment was created, or null when unknown. */
  static Instant created(Deployment deployment) {
    String t = deployment.getMetadata().getCreationTimestamp();
    return t == null ? null : Instant.parse(t);
  }

  /** True when {@code labels} are a run's Toxiproxy objects' (so only those are deleted). */
  static boolean ours(Map<String, String> labels, DrillRun run) {
    return labels != null
        && APP.equals(labels.get(NAME_LABEL))
        && RunnerJobs.hash(run).equals(labels.get(RunnerJobs.RUN_LABEL));
  }

  /** The labels of the run's Toxiproxy objects (its Deployment, Service and token Secrets). */
  static Map<String, String> labels(DrillRun run) {
    Map<String, String> labels = podLabels(run);
    labels.put("app.kubernetes.io/managed-by", "firedrill-operator");
    return labels;
  }

  /** The annotations of the run's Toxiproxy objects: the run they belong to. */
  static Map<String, String> annotations(DrillRun run) {
    return Map.of(
        RunnerJobs.RUN_NAMESPACE, run.getMetadata().getNamespace(),
        RunnerJobs.RUN_NAME, run.getMetadata().getName());
  }
}
