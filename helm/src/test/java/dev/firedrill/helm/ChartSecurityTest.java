package dev.firedrill.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every pod the chart runs meets the Kubernetes "restricted" Pod Security Standard, whatever the
 * values: non-root, no privilege escalation, no capabilities, RuntimeDefault seccomp, read-only
 * root filesystem with an emptyDir for /tmp, and CPU/memory bounds.
 */
class ChartSecurityTest {

  /** The defaults, then each ci/ values file: every optional pod rendered at least once. */
  static Stream<List<Path>> valueSets() {
    List<List<Path>> sets = new ArrayList<>();
    sets.add(List.of());
    Chart.ciValues().forEach(file -> sets.add(List.of(file)));
    return sets.stream();
  }

  @ParameterizedTest
  @MethodSource("valueSets")
  void everyPodIsRestricted(List<Path> values) {
    List<Deployment> deployments = Chart.render(values.toArray(Path[]::new)).all(Deployment.class);

    assertThat(deployments).isNotEmpty();
    for (Deployment deployment : deployments) {
      PodSpec pod = deployment.getSpec().getTemplate().getSpec();
      String name = deployment.getMetadata().getName();
      PodSecurityContext podContext = pod.getSecurityContext();
      assertThat(podContext.getRunAsNonRoot()).as(name).isTrue();
      assertThat(podContext.getSeccompProfile().getType()).as(name).isEqualTo("RuntimeDefault");
      assertThat(pod.getHostNetwork()).as(name).isNotEqualTo(Boolean.TRUE);
      assertThat(pod.getHostPID()).as(name).isNotEqualTo(Boolean.TRUE);
      assertThat(pod.getVolumes())
          .as(name + ": no hostPath")
          .allSatisfy(v -> assertThat(v.getHostPath()).isNull());
      assertThat(pod.getInitContainers()).as(name).isEmpty();
      for (Container container : pod.getContainers()) {
        SecurityContext context = container.getSecurityContext();
        String where = name + "/" + container.getName();
        assertThat(context.getRunAsNonRoot()).as(where).isTrue();
        assertThat(context.getAllowPrivilegeEscalation()).as(where).isFalse();
        assertThat(context.getPrivileged()).as(where).isFalse();
        assertThat(context.getReadOnlyRootFilesystem()).as(where).isTrue();
        assertThat(context.getCapabilities().getDrop()).as(where).containsExactly("ALL");
        assertThat(context.getCapabilities().getAdd()).as(where).isEmpty();
        assertThat(context.getSeccompProfile().getType()).as(where).isEqualTo("RuntimeDefault");
        assertThat(container.getVolumeMounts())
            .as(where + ": a writable /tmp on the read-only root")
            .anySatisfy(m -> {
              assertThat(m.getMountPath()).isEqualTo("/tmp");
              assertThat(
                      pod.getVolumes().stream()
                          .filter(v -> v.getName().equals(m.getName()))
                          .findFirst()
                          .orElseThrow()
                          .getEmptyDir())
                  .isNotNull();
            });
        assertThat(container.getResources().getRequests()).as(where).containsKeys("cpu", "memory");
        assertThat(container.getResources().getLimits()).as(where).containsKey("memory");
        assertThat(container.getLivenessProbe()).as(where).isNotNull();
        assertThat(container.getReadinessProbe()).as(where).isNotNull();
      }
    }
  }

  @ParameterizedTest
  @MethodSource("valueSets")
  void podsRunAsTheImagesUserUnlessThePlatformAssignsOne(List<Path> values) {
    boolean platformAssigns =
        values.stream()
            .map(Chart::readYaml)
            .anyMatch(v -> v.path("securityContext").path("runAsUser").isNull());
    for (Deployment deployment : Chart.render(values.toArray(Path[]::new)).all(Deployment.class)) {
      PodSecurityContext context =
          deployment.getSpec().getTemplate().getSpec().getSecurityContext();
      if (platformAssigns) {
        assertThat(context.getRunAsUser()).isNull();
        assertThat(context.getRunAsGroup()).isNull();
        assertThat(context.getFsGroup()).isNull();
      } else {
        // 65532: the user the images are built with (cli and operator poms, jib.container.user).
        assertThat(context.getRunAsUser()).isEqualTo(65532L);
        assertThat(context.getRunAsGroup()).isEqualTo(65532L);
        assertThat(context.getFsGroup()).isEqualTo(65532L);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("valueSets")
  void onlyTheOperatorMountsAServiceAccountToken(List<Path> values) {
    for (Deployment deployment : Chart.render(values.toArray(Path[]::new)).all(Deployment.class)) {
      PodSpec pod = deployment.getSpec().getTemplate().getSpec();
      if (deployment.getMetadata().getName().endsWith("-operator")) {
        assertThat(pod.getServiceAccountName()).isEqualTo("firedrill-operator");
        assertThat(pod.getAutomountServiceAccountToken()).isTrue();
      } else {
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
      }
    }
  }
}
