package dev.firedrill.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chart's crds/ are byte-for-byte the CRDs the api module generates into deploy/crds/. They are
 * copied by this test, never edited: after the model changes, run {@code ./mvnw -pl api,helm -am
 * test -Dfiredrill.updateGolden=true} (api regenerates deploy/crds/, then this copies them).
 */
class ChartCrdsTest {

  private static final boolean UPDATE = Boolean.getBoolean("firedrill.updateGolden");
  private static final Path GENERATED = Chart.REPO.resolve("deploy").resolve("crds");
  private static final Path CHART_CRDS = Chart.DIR.resolve("crds");

  /** With -Dfiredrill.updateGolden=true, first copy the generated CRDs over the chart's. */
  @BeforeAll
  static void copyWhenUpdating() throws IOException {
    if (!UPDATE) {
      return;
    }
    try (Stream<Path> stale = Files.list(CHART_CRDS)) {
      for (Path file : stale.toList()) {
        Files.delete(file);
      }
    }
    for (String name : fileNames(GENERATED)) {
      Files.copy(GENERATED.resolve(name), CHART_CRDS.resolve(name));
    }
  }

  @Test
  void chartCrdsAreTheGeneratedOnes() throws IOException {
    List<String> generated = fileNames(GENERATED);
    assertThat(generated)
        .containsExactly("drillruns.firedrill.dev-v1.yml", "drills.firedrill.dev-v1.yml");

    assertThat(fileNames(CHART_CRDS))
        .as("chart crds/ (copy with -Dfiredrill.updateGolden=true)")
        .isEqualTo(generated);
    for (String name : generated) {
      assertThat(Files.readAllBytes(CHART_CRDS.resolve(name)))
          .as(
              "helm/firedrill/crds/%s differs from deploy/crds/%s; copy with"
                  + " -Dfiredrill.updateGolden=true, never by hand",
              name, name)
          .isEqualTo(Files.readAllBytes(GENERATED.resolve(name)));
    }
  }

  /**
   * What Helm installs from crds/ ({@code helm show crds}, which prints the files one after the
   * other): both generated CRDs, verbatim, and nothing else.
   */
  @Test
  void helmInstallsExactlyTheGeneratedCrds() throws IOException {
    String crds = new Helm(Chart.DIR).show().crds().call();

    String rest = crds;
    for (String name : fileNames(GENERATED)) {
      String crd = Files.readString(GENERATED.resolve(name));
      assertThat(rest).contains(crd);
      rest = rest.replace(crd, "");
      CustomResourceDefinition parsed = (CustomResourceDefinition) Chart.parse(crd).getFirst();
      assertThat(parsed.getSpec().getGroup()).isEqualTo("firedrill.dev");
    }
    assertThat(rest).as("what Helm installs besides the generated CRDs").isBlank();
  }

  private static List<String> fileNames(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
