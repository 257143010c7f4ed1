package dev.firedrill.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The chart under test (helm/firedrill), rendered by real Helm (helm-java's bundled library) and
 * read back as typed Kubernetes objects.
 */
final class Chart {

  /** The module's base directory is the working directory of Surefire. */
  static final Path DIR = Path.of("firedrill").toAbsolutePath();

  static final Path REPO = DIR.getParent().getParent();
  static final String RELEASE = "firedrill";
  static final String NAMESPACE = "firedrill-system";

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final ObjectMapper JSON = new ObjectMapper();
  private static final KubernetesSerialization KUBE = new KubernetesSerialization();

  private Chart() {}

  /** The values files under ci/ (chart-testing's convention): every optional part switched on. */
  static List<Path> ciValues() {
    try (Stream<Path> files = Files.list(DIR.resolve("ci"))) {
      return files.filter(p -> p.toString().endsWith("-values.yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code helm template} with the given values files (in order) and {@code --set}s. */
  static String template(List<Path> valuesFiles, Map<String, Object> sets) {
    TemplateCommand template = new Helm(DIR).template().withName(RELEASE).withNamespace(NAMESPACE);
    for (Path file : valuesFiles) {
      template = template.withValuesFile(file);
    }
    for (var set : sets.entrySet()) {
      template = template.set(set.getKey(), set.getValue());
    }
    return template.call();
  }

  /** The rendered objects, in Helm's output order. */
  static Rendered render(Path... valuesFiles) {
    return new Rendered(parse(template(Arrays.asList(valuesFiles), Map.of())));
  }

  static Rendered render(Map<String, Object> sets) {
    return new Rendered(parse(template(List.of(), sets)));
  }

  static List<HasMetadata> parse(String manifests) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : manifests.split("(?m)^---\\s*$")) {
      if (document.lines().allMatch(l -> l.isBlank() || l.startsWith("#"))) {
        continue;
      }
      objects.add(KUBE.unmarshal(document, HasMetadata.class));
    }
    return objects;
  }

  /** values.yaml as a tree. */
  static JsonNode values() {
    return readYaml(DIR.resolve("values.yaml"));
  }

  static JsonNode schema() {
    try {
      return JSON.readTree(DIR.resolve("values.schema.json").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode readYaml(Path file) {
    try {
      return YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code base} with {@code override} merged in, as Helm merges values files (maps deep). */
  static JsonNode merge(JsonNode base, JsonNode override) {
    if (!(base instanceof ObjectNode merged) || !override.isObject()) {
      return override.deepCopy();
    }
    ObjectNode result = merged.deepCopy();
    for (Iterator<Map.Entry<String, JsonNode>> it = override.fields(); it.hasNext(); ) {
      var field = it.next();
      JsonNode current = result.get(field.getKey());
      result.set(
          field.getKey(), current == null ? field.getValue() : merge(current, field.getValue()));
    }
    return result;
  }

  /** What one {@code helm template} produced. */
  record Rendered(List<HasMetadata> objects) {

    <T extends HasMetadata> List<T> all(Class<T> kind) {
      return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    <T extends HasMetadata> T one(Class<T> kind, String name) {
      return all(kind).stream()
          .filter(o -> Objects.equals(o.getMetadata().getName(), name))
          .findFirst()
          .orElseThrow(() ->
              new AssertionError(
                  "no " + kind.getSimpleName() + " named " + name + " in " + names()));
    }

    List<String> names() {
      return objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList();
    }
  }
}
