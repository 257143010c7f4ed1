package dev.firedrill.engine.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.firedrill.engine.model.DrillSpec;
import java.io.IOException;
import java.io.StringReader;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The loader binds the checked tree into the drill records itself ({@link RecordBinder}) instead of
 * through Jackson, for start time. Jackson stays the oracle: for every drill in the repository, and
 * for one tree that sets every field of every record the drill model holds, both give equal
 * records.
 */
class RecordBinderTest {

  private static final ObjectMapper JACKSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  static Stream<Path> drillFiles() throws IOException {
    List<Path> files;
    try (Stream<Path> walk =
        Stream.of(Path.of("..", "drills"), Path.of("..", "e2e", "kind", "drills"))
            .flatMap(RecordBinderTest::walk)) {
      files = walk.filter(p -> p.toString().matches(".*\\.ya?ml$")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThan(15);
    return files.stream();
  }

  @ParameterizedTest
  @MethodSource("drillFiles")
  void everyDrillInTheRepositoryBindsAsJacksonBindsIt(Path file) throws IOException {
    Yaml yaml = new Yaml(new LoaderOptions());
    int documents = 0;
    for (Node document : yaml.composeAll(new StringReader(Files.readString(file)))) {
      Report report = new Report(file.toString());
      JsonNode tree =
          new StructureCheck(report)
              .check(
                  document,
                  DrillLoader.isManifest(document) ? DrillManifest.class : DrillSpec.class,
                  "",
                  0);
      assertThat(report.problems()).isEmpty();
      JsonNode spec = tree.has("spec") ? tree.get("spec") : tree;

      assertThat(RecordBinder.bind(spec, DrillSpec.class))
          .isEqualTo(JACKSON.treeToValue(spec, DrillSpec.class));
      documents++;
    }
    assertThat(documents).isPositive();
  }

  @Test
  void aTreeSettingEveryFieldOfEveryRecordBindsAsJacksonBindsIt() throws IOException {
    Set<Class<?>> records = new HashSet<>();
    JsonNode full = fullTree(DrillSpec.class, records, 0);

    DrillSpec bound = (DrillSpec) RecordBinder.bind(full, DrillSpec.class);

    assertThat(bound).isEqualTo(JACKSON.treeToValue(full, DrillSpec.class));
    // The walk reached the whole model, not just the top: DrillSpec and 25+ nested records.
    assertThat(records).hasSizeGreaterThan(25);
  }

  @Test
  void absentFieldsAreNullAsWithJackson() throws IOException {
    ObjectNode empty = NODES.objectNode();

    assertThat(RecordBinder.bind(empty, DrillSpec.class))
        .isEqualTo(JACKSON.treeToValue(empty, DrillSpec.class));
  }

  @Test
  void aTypeTheModelDoesNotUseIsRefusedNotGuessed() {
    assertThatThrownBy(() -> RecordBinder.bind(NODES.textNode("x"), Object.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no binding for the type java.lang.Object");
  }

  /** A value for every field: records recursively, one item per list, one entry per map. */
  private static JsonNode fullTree(Type type, Set<Class<?>> records, int depth) {
    Class<?> raw = StructureCheck.rawClass(type);
    if (raw.isRecord()) {
      records.add(raw);
      ObjectNode out = NODES.objectNode();
      if (depth > 12) {
        return out;
      }
      for (FieldRules field : FieldRules.of(raw).values()) {
        out.set(field.wireName(), fullTree(field.type(), records, depth + 1));
      }
      return out;
    }
    if (raw == List.class) {
      ArrayNode out = NODES.arrayNode();
      out.add(fullTree(argument(type, 0), records, depth + 1));
      return out;
    }
    if (raw == Map.class) {
      ObjectNode out = NODES.objectNode();
      out.set("key", fullTree(argument(type, 1), records, depth + 1));
      return out;
    }
    if (raw == Integer.class || raw == int.class || raw == Long.class || raw == long.class) {
      return NODES.numberNode(7L);
    }
    if (raw == Double.class || raw == double.class) {
      return NODES.numberNode(0.25);
    }
    if (raw == Boolean.class || raw == boolean.class) {
      return NODES.booleanNode(true);
    }
    if (raw.isEnum()) {
      Object[] constants = raw.getEnumConstants();
      return NODES.textNode(StructureCheck.wireName((Enum<?>) constants[constants.length - 1]));
    }
    return NODES.textNode("10s");
  }

  private static Type argument(Type type, int index) {
    return ((ParameterizedType) type).getActualTypeArguments()[index];
  }

  private static Stream<Path> walk(Path dir) {
    try {
      return Files.walk(dir);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
