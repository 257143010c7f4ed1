package dev.firedrill.operator.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The editor schema agrees with the validator: every drill in drills/ passes it, and the mistakes
 * an editor should underline (unknown field, bad duration, bad enum value) fail it.
 */
class DrillSchemaTest {

  private static Schema schema;

  @BeforeAll
  static void loadSchema() throws IOException {
    schema =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
            .getSchema(Files.readString(GeneratedFiles.SCHEMA), InputFormat.JSON);
  }

  private static List<Error> validate(String yaml) throws IOException {
    String json = new ObjectMapper().writeValueAsString(new YAMLMapper().readTree(yaml));
    return schema.validate(json, InputFormat.JSON);
  }

  @Test
  void everyLibraryDrillPassesTheSchema() throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(Path.of("..", "drills"))) {
      files = walk.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(files).isNotEmpty();
    for (Path file : files) {
      assertThat(validate(Files.readString(file))).as(file.toString()).isEmpty();
    }
  }

  @Test
  void schemaRejectsWhatTheValidatorRejects() throws IOException {
    String spec =
        """
        target: {namespace: shop, selector: {app: orders}}
        workload:
          type: set
          baseUrl: http://orders:8080
          duration: 1m
          operations: {add: {path: /a}, read: {path: /a}}
        invariants: [{type: noLostWrites}]
        """;
    assertThat(validate(spec)).isEmpty();
    assertThat(validate(spec.replace("duration: 1m", "duration: 1 minute"))).isNotEmpty();
    assertThat(validate(spec.replace("type: set", "type: sett"))).isNotEmpty();
    assertThat(validate(spec.replace("baseUrl:", "baseURL:"))).isNotEmpty();
  }
}
