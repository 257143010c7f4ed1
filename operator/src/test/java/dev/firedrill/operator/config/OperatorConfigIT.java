package dev.firedrill.operator.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.operator.WithLockingApiServer;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The defaults the operator starts with when the chart sets nothing: the images released with it
 * (the version Quarkus records from the pom), the runner's ServiceAccount, the kill switch.
 */
@QuarkusTest
@WithLockingApiServer
class OperatorConfigIT {

  @Inject OperatorConfig config;

  @ConfigProperty(name = "quarkus.application.version")
  String version;

  @Test
  void defaultsNameTheReleasedImagesAndTheChartsObjects() {
    assertThat(version).isNotBlank();
    assertThat(config.namespace()).isEqualTo("firedrill-system");
    assertThat(config.runnerImage()).isEqualTo("ghcr.io/firedrill/firedrill:" + version);
    assertThat(config.runnerServiceAccount()).isEqualTo("firedrill-runner");
    assertThat(config.toxiproxyImage()).isEqualTo(config.runnerImage());
    assertThat(config.killSwitch()).isEqualTo("firedrill-kill-switch");
  }
}
