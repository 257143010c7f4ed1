package dev.firedrill.operator.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed CRDs and JSON Schema equal what the model generates. After changing the model,
 * regenerate them with {@code ./mvnw -pl api -am test -Dfiredrill.updateGolden=true} and review the
 * diff.
 */
class GeneratedFilesGoldenTest {

  private static final boolean UPDATE = Boolean.getBoolean("firedrill.updateGolden");

  @Test
  void crdsAndSchemaMatchTheModel(@TempDir Path dir) throws IOException {
    Map<String, String> crds = GeneratedFiles.crds(dir);
    assertThat(crds)
        .containsOnlyKeys("drills.firedrill.dev-v1.yml", "drillruns.firedrill.dev-v1.yml");
    String schema = GeneratedFiles.drillSchema(crds.get("drills.firedrill.dev-v1.yml"));

    if (UPDATE) {
      Files.createDirectories(GeneratedFiles.CRD_DIR);
      for (var e : crds.entrySet()) {
        Files.writeString(GeneratedFiles.CRD_DIR.resolve(e.getKey()), e.getValue());
      }
      Files.createDirectories(GeneratedFiles.SCHEMA.getParent());
      Files.writeString(GeneratedFiles.SCHEMA, schema);
    }
    for (var e : crds.entrySet()) {
      Path golden = GeneratedFiles.CRD_DIR.resolve(e.getKey());
      assertThat(golden).as("regenerate with -Dfiredrill.updateGolden=true").exists();
      assertThat(Files.readString(golden))
          .as(golden + " is stale; regenerate")
          .isEqualTo(e.getValue());
    }
    assertThat(Files.readString(GeneratedFiles.SCHEMA))
        .as("schema is stale; regenerate")
        .isEqualTo(schema);
  }
}
