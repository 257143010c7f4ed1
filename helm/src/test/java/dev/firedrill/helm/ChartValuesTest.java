package dev.firedrill.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * values.yaml and values.schema.json describe the same tree: every value has a schema entry and a
 * comment, every schema entry has a default and a description, and Helm refuses a bad value.
 */
class ChartValuesTest {

  @Test
  void everyValueIsInTheSchemaAndEverySchemaEntryIsAValue() {
    List<String> problems = new ArrayList<>();
    compare("", Chart.values(), Chart.schema(), problems);

    assertThat(problems).isEmpty();
  }

  /**
   * A schema node with {@code properties} is a closed record: its keys equal the values' keys and
   * it refuses others (a typo in a values file fails). A node without is a free map or a Kubernetes
   * object (labels, resources.requests, affinity): its entries are the user's.
   */
  private static void compare(
      String path, JsonNode values, JsonNode schema, List<String> problems) {
    if (!schema.has("properties")) {
      return;
    }
    if (!values.isObject()) {
      problems.add(path + ": the schema describes an object, values.yaml has " + values);
      return;
    }
    if (!schema.path("additionalProperties").isBoolean()
        || schema.path("additionalProperties").asBoolean()) {
      problems.add(path + ": additionalProperties must be false so that typos are refused");
    }
    Set<String> inValues = new TreeSet<>();
    values.fieldNames().forEachRemaining(inValues::add);
    Set<String> inSchema = new TreeSet<>();
    schema.get("properties").fieldNames().forEachRemaining(inSchema::add);
    for (String key : inValues) {
      if (!inSchema.contains(key)) {
        problems.add(path + key + ": in values.yaml, missing from values.schema.json");
      }
    }
    for (String key : inSchema) {
      JsonNode property = schema.get("properties").get(key);
      if (!inValues.contains(key)) {
        problems.add(path + key + ": in values.schema.json, missing from values.yaml");
      } else {
        compare(path + key + ".", values.get(key), property, problems);
      }
      if (property.path("description").asText().isBlank()) {
        problems.add(path + key + ": no description in values.schema.json");
      }
    }
  }

  private static final Pattern KEY = Pattern.compile("^( *)([A-Za-z_][A-Za-z0-9_]*):( .*)?$");

  /** A value's comment is the block of # lines right above it, at its indentation. */
  @Test
  void everyValueIsCommented() throws IOException {
    List<String> lines = Files.readAllLines(Chart.DIR.resolve("values.yaml"));
    JsonNode schema = Chart.schema();
    Deque<String> path = new ArrayDeque<>();
    Deque<Integer> indents = new ArrayDeque<>();
    List<String> uncommented = new ArrayList<>();
    int checked = 0;
    for (int i = 0; i < lines.size(); i++) {
      Matcher key = KEY.matcher(lines.get(i));
      if (!key.matches()) {
        continue;
      }
      int indent = key.group(1).length();
      while (!indents.isEmpty() && indents.peekLast() >= indent) {
        indents.removeLast();
        path.removeLast();
      }
      JsonNode parent = schemaAt(schema, path);
      path.addLast(key.group(2));
      indents.addLast(indent);
      if (parent == null || !parent.path("properties").has(key.group(2))) {
        continue; // an entry of a free map: described by its parent's comment
      }
      JsonNode property = parent.get("properties").get(key.group(2));
      boolean group = property.has("properties");
      String above = i > 0 ? lines.get(i - 1) : "";
      boolean commented = above.startsWith(" ".repeat(indent) + "#");
      // A group of values (operator:, image:) may go without one when each value inside has one.
      if (!commented && !group) {
        uncommented.add(String.join(".", path));
      }
      checked++;
    }
    assertThat(uncommented).as("values without a comment above them").isEmpty();
    assertThat(checked).isGreaterThan(60);
  }

  private static JsonNode schemaAt(JsonNode schema, Deque<String> path) {
    JsonNode node = schema;
    for (String key : path) {
      node = node.path("properties").get(key);
      if (node == null) {
        return null;
      }
    }
    return node;
  }

  static Stream<Arguments> badValues() {
    return Stream.of(
        Arguments.of("operator.replicas", -1, "operator.replicas"),
        Arguments.of("operator.logging.format", "xml", "operator.logging.format"),
        Arguments.of("operator.imag.repository", "x", "imag"),
        Arguments.of("operator.image.digest", "latest", "operator.image.digest"),
        Arguments.of("operator.image.pullPolicy", "Sometimes", "operator.image.pullPolicy"),
        Arguments.of("operator.port", 80, "operator.port"),
        Arguments.of("securityContext.runAsUser", 0, "securityContext.runAsUser"),
        Arguments.of("killSwitch.name", "Kill_Switch", "killSwitch.name"),
        Arguments.of("toxiproxy.implementation", "nginx", "toxiproxy.implementation"),
        Arguments.of("toxiproxy.proxyPorts[0].name", "Postgres_DB", "toxiproxy.proxyPorts"),
        Arguments.of("metrics.serviceMonitor.interval", "often", "interval"),
        Arguments.of("toxiproxy.enabeld", true, "enabeld"));
  }

  @ParameterizedTest
  @MethodSource("badValues")
  void helmRefusesABadValueNamingIt(String key, Object value, String named) {
    assertThatThrownBy(() -> Chart.template(List.of(), Map.of(key, value)))
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining(named);
  }

  @Test
  void theDefaultsAndEveryCiValuesFilePassTheSchema() {
    assertThat(Chart.render().objects()).isNotEmpty();
    for (var file : Chart.ciValues()) {
      assertThat(Chart.render(file).objects()).as(file.toString()).isNotEmpty();
    }
  }
}
