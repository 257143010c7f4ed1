package dev.firedrill.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/install.md says only what the chart does: every value its tables name exists, every
 * environment variable it lists is one the chart sets, every template it names exists.
 */
class InstallDocTest {

  private static String page() throws IOException {
    return Files.readString(Chart.REPO.resolve("docs").resolve("install.md"));
  }

  private static final Pattern VALUE = Pattern.compile("^\\| `([a-zA-Z.]+)`", Pattern.MULTILINE);

  @Test
  void everyValueTheDocNamesExists() throws IOException {
    Matcher value = VALUE.matcher(page());
    List<String> named = new ArrayList<>();
    while (value.find()) {
      if (!value.group(1).contains(".") && !value.group(1).startsWith("rbac")) {
        continue; // a metric or a variable, not a value path
      }
      named.add(value.group(1));
    }
    assertThat(named).hasSizeGreaterThan(10);
    JsonNode values = Chart.values();
    for (String path : named) {
      JsonNode node = values;
      for (String key : path.split("\\.")) {
        node = node.path(key);
      }
      assertThat(node.isMissingNode()).as("docs/install.md names %s", path).isFalse();
    }
  }

  private static final Pattern ENV = Pattern.compile("^\\| `([A-Z_]+)`", Pattern.MULTILINE);

  @Test
  void everyEnvironmentVariableTheDocListsIsSetByTheChart() throws IOException {
    List<String> set =
        Chart.render()
            .one(Deployment.class, "firedrill-operator")
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .getFirst()
            .getEnv()
            .stream()
            .map(EnvVar::getName)
            .toList();
    Matcher env = ENV.matcher(page());
    int listed = 0;
    while (env.find()) {
      listed++;
      assertThat(set).as("docs/install.md lists %s", env.group(1)).contains(env.group(1));
    }
    assertThat(listed).isGreaterThanOrEqualTo(7);
  }

  private static final Pattern FILE =
      Pattern.compile("`((?:helm|scripts|docs|deploy|drills)/[\\w./*-]+)`");

  /** Paths in the repository, not build outputs (target/) or globs. */
  @Test
  void filesTheDocNamesExist() throws IOException {
    Matcher file = FILE.matcher(page());
    int named = 0;
    while (file.find()) {
      String path = file.group(1);
      if (path.contains("*")) {
        continue;
      }
      named++;
      assertThat(Chart.REPO.resolve(path)).as("docs/install.md names %s", path).exists();
    }
    assertThat(named).isGreaterThanOrEqualTo(5);
    assertThat(page()).contains("firedrill.dev/drills=enabled");
  }
}
