package dev.firedrill.operator.config;

/** Settings for reconciler tests: the operator in {@code namespace}, the other values defaulted. */
public record TestingOperatorConfig(String namespace) implements OperatorConfig {

  @Override
  public String runnerImage() {
    return "ghcr.io/firedrill/firedrill:test";
  }

  @Override
  public String runnerServiceAccount() {
    return "firedrill-runner";
  }

  @Override
  public String toxiproxyImage() {
    return runnerImage();
  }

  @Override
  public ToxiproxyImplementation toxiproxyImplementation() {
    return ToxiproxyImplementation.AUTO;
  }

  @Override
  public String killSwitch() {
    return "firedrill-kill-switch";
  }
}
