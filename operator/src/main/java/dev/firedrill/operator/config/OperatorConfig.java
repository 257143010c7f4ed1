package dev.firedrill.operator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The operator's settings, under {@code firedrill.operator.*}. In a cluster they come from the
 * environment, which the Helm chart sets (SmallRye maps {@code FIREDRILL_OPERATOR_RUNNER_IMAGE} to
 * {@code firedrill.operator.runner-image}, and so on); the defaults suit a plain install in {@code
 * firedrill-system}. docs/install.md lists them with the chart values that set them.
 */
@ConfigMapping(prefix = "firedrill.operator")
public interface OperatorConfig {

  /**
   * The namespace the operator runs in ({@code FIREDRILL_OPERATOR_NAMESPACE}; the chart sets it
   * from the pod's own metadata.namespace). Runner Jobs, the leader-election Lease and the kill
   * switch live here, and it is never a drill target.
   */
  @WithDefault("firedrill-system")
  String namespace();

  /**
   * The runner/CLI image that executes each DrillRun as a Job in {@link #namespace()}, running
   * {@code firedrill run --in-cluster --drill-run <ns>/<name>} ({@code
   * FIREDRILL_OPERATOR_RUNNER_IMAGE}). Its entrypoint is {@code firedrill}, so a Job passes only
   * the arguments. The default is the image released with this operator.
   */
  @WithDefault("ghcr.io/firedrill/firedrill:${quarkus.application.version}")
  String runnerImage();

  /**
   * The ServiceAccount of the runner Jobs ({@code FIREDRILL_OPERATOR_RUNNER_SERVICE_ACCOUNT}),
   * bound by the chart to the runner's ClusterRole: read its DrillRun, write the ledger into its
   * status, delete the pods its plan kills, upload the report ConfigMap.
   */
  @WithDefault("firedrill-runner")
  String runnerServiceAccount();

  /**
   * The image of the per-run Toxiproxy the operator deploys into a target namespace to intercept a
   * Service ({@code FIREDRILL_OPERATOR_TOXIPROXY_IMAGE}). By default the runner image, whose {@code
   * firedrill proxy --host 0.0.0.0 --port 8474} is the embedded Toxiproxy-compatible server;
   * Shopify's {@code ghcr.io/shopify/toxiproxy} works too.
   */
  @WithDefault("${firedrill.operator.runner-image}")
  String toxiproxyImage();

  /**
   * Which server {@link #toxiproxyImage()} holds, so that the operator gives it the right arguments
   * ({@code FIREDRILL_OPERATOR_TOXIPROXY_IMPLEMENTATION}): {@code embedded} runs {@code firedrill
   * proxy --host 0.0.0.0 --port 8474}; {@code shopify} runs {@code -host=0.0.0.0 -port=8474} as
   * user 65532 (Shopify's image is {@code FROM scratch} with no user of its own); {@code auto}, the
   * default, takes {@code shopify} when the image's name is {@code toxiproxy} (e.g. {@code
   * ghcr.io/shopify/toxiproxy:2.12.0}) and {@code embedded} otherwise.
   */
  @WithDefault("auto")
  ToxiproxyImplementation toxiproxyImplementation();

  /**
   * The name of the kill-switch ConfigMap in {@link #namespace()} ({@code
   * FIREDRILL_OPERATOR_KILL_SWITCH}). While a ConfigMap of this name exists with {@code
   * data.engaged: "true"}, every run heals at once and aborts, and no run starts; deleting it (or
   * any other value) releases it.
   */
  @WithDefault("firedrill-kill-switch")
  String killSwitch();

  /** The Toxiproxy servers the per-run Toxiproxy can be. */
  enum ToxiproxyImplementation {
    AUTO,
    EMBEDDED,
    SHOPIFY
  }
}
