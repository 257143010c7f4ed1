package dev.firedrill.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code helm lint --strict} passes, with the defaults and with every ci/ values file. */
class ChartLintTest {

  @Test
  void lintsCleanWithDefaults() {
    LintResult lint = new Helm(Chart.DIR).lint().strict().call();

    assertThat(lint.isFailed()).as("helm lint: %s", lint.getMessages()).isFalse();
  }

  static Stream<Path> ciValues() {
    return Chart.ciValues().stream();
  }

  /**
   * helm-java's lint takes no values file, so a copy of the chart gets the merged values as its
   * values.yaml: the same values Helm would compute from {@code -f ci/x-values.yaml}.
   */
  @ParameterizedTest
  @MethodSource("ciValues")
  void lintsCleanWithOptionsOn(Path ciValues, @TempDir Path tmp) throws IOException {
    Path copy = tmp.resolve("firedrill");
    copyTree(Chart.DIR, copy);
    Chart.YAML.writeValue(
        copy.resolve("values.yaml").toFile(),
        Chart.merge(Chart.values(), Chart.readYaml(ciValues)));

    LintResult lint = new Helm(copy).lint().strict().call();

    assertThat(lint.isFailed()).as("helm lint with %s: %s", ciValues, lint.getMessages()).isFalse();
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : files.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
  }
}
