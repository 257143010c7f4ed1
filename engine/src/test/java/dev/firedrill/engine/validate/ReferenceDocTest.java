package dev.firedrill.engine.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.engine.model.DrillSpec;
import dev.firedrill.engine.model.WorkloadType;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/reference.md is generated from the same annotations as the CRD schema and the validator, so
 * the three never disagree. Regenerate with {@code ./mvnw -pl engine -am test
 * -Dfiredrill.updateGolden=true}.
 */
class ReferenceDocTest {

  private static final Path DOC = Path.of("..", "docs", "reference.md");

  @Test
  void referenceMatchesTheModel() throws IOException {
    String generated = reference();
    if (Boolean.getBoolean("firedrill.updateGolden")) {
      Files.writeString(DOC, generated);
    }
    assertThat(DOC).as("regenerate with -Dfiredrill.updateGolden=true").exists();
    assertThat(Files.readString(DOC))
        .as("docs/reference.md is stale; regenerate")
        .isEqualTo(generated);
  }

  static String reference() {
    StringBuilder out = new StringBuilder();
    out.append("# Drill reference\n\n")
        .append("Generated from the model (`dev.firedrill.engine.model`) by `ReferenceDocTest`;")
        .append(" do not edit. The CRD schema, the editor JSON Schema and `firedrill lint` read")
        .append(" the same annotations.\n\n")
        .append("A drill file is a `Drill` manifest (`apiVersion: firedrill.dev/v1alpha1`,")
        .append(" `kind: Drill`, `metadata.name`, `spec`) or the spec alone. Durations are")
        .append(" written `500ms`, `30s`, `2m`, `1h` or `1m30s`.\n");
    Deque<Class<?>> todo = new ArrayDeque<>(List.of(DrillSpec.class));
    Set<Class<?>> done = new LinkedHashSet<>();
    while (!todo.isEmpty()) {
      Class<?> type = todo.removeFirst();
      if (!done.add(type)) {
        continue;
      }
      out.append("\n## ").append(type.getSimpleName()).append("\n\n");
      out.append("| field | type | required | description |\n|---|---|---|---|\n");
      for (FieldRules f : FieldRules.of(type).values()) {
        out.append("| `")
            .append(f.wireName())
            .append("` | ")
            .append(typeName(f.type(), todo))
            .append(constraints(f))
            .append(" | ")
            .append(f.required() ? "yes" : "")
            .append(" | ")
            .append(f.description().replace("|", "\\|"))
            .append(" |\n");
      }
    }
    workloadTypes(out);
    return out.toString();
  }

  /** What each workload type takes, from the same rules lint applies ({@link WorkloadRules}). */
  private static void workloadTypes(StringBuilder out) {
    out.append("\n## Workload types\n\n")
        .append("The operations each `workload.type` takes (lint refuses any other) and the")
        .append(" placeholders its requests are filled in with. Every operation binds")
        .append(" `{{key}}`, `{{value}}`, `{{idempotencyKey}}` and `{{process}}`; a placeholder")
        .append(" an operation never binds, or one in a URL, an `extract` pointer or a name, is")
        .append(" refused where it would never be filled in.\n\n")
        .append("| type | operations | optional | also binds |\n|---|---|---|---|\n");
    Set<String> base = TemplateRules.bound(WorkloadType.SET, "add");
    for (WorkloadType type : WorkloadType.values()) {
      Set<String> optional = new java.util.TreeSet<>(type.optionalOperations());
      if (WorkloadRules.readsProjection(type)) {
        optional.add(WorkloadRules.READ_PROJECTION);
      }
      Set<String> all = new java.util.TreeSet<>(type.requiredOperations());
      all.addAll(optional);
      List<String> extra = new java.util.ArrayList<>();
      for (String op : all) {
        Set<String> more = new java.util.TreeSet<>(TemplateRules.bound(type, op));
        more.removeAll(base);
        if (!more.isEmpty()) {
          extra.add(
              more.stream().map(p -> "`{{" + p + "}}`").collect(Collectors.joining(", "))
                  + " in `"
                  + op
                  + "`");
        }
      }
      out.append("| `")
          .append(type.wireName())
          .append("` | ")
          .append(
              new java.util.TreeSet<>(type.requiredOperations())
                  .stream().map(o -> "`" + o + "`").collect(Collectors.joining(", ")))
          .append(" | ")
          .append(optional.stream().map(o -> "`" + o + "`").collect(Collectors.joining(", ")))
          .append(" | ")
          .append(String.join("; ", extra))
          .append(" |\n");
    }
    out.append(
        "\nA `kv` workload that maps `append` holds a string per key (get, put, append) and is"
            + " checked as `string-kv`; it maps `cas` or `append`, not both.\n");
  }

  private static String constraints(FieldRules f) {
    StringBuilder c = new StringBuilder();
    if (f.pattern() != null) c.append("<br>").append(f.patternInWords().replace("|", "\\|"));
    if (f.min() != null) c.append("<br>≥ ").append(plain(f.min()));
    if (f.max() != null) c.append("<br>≤ ").append(plain(f.max()));
    if (f.minItems() != null) c.append("<br>at least ").append(f.minItems()).append(" item(s)");
    return c.toString();
  }

  private static String typeName(Type type, Deque<Class<?>> todo) {
    Class<?> raw = StructureCheck.rawClass(type);
    if (type instanceof ParameterizedType p && List.class.isAssignableFrom(raw)) {
      return "list of " + typeName(p.getActualTypeArguments()[0], todo);
    }
    if (type instanceof ParameterizedType p && Map.class.isAssignableFrom(raw)) {
      return "map of " + typeName(p.getActualTypeArguments()[1], todo);
    }
    if (raw.isRecord()) {
      todo.addLast(raw);
      return "[" + raw.getSimpleName() + "](#" + raw.getSimpleName().toLowerCase() + ")";
    }
    if (raw.isEnum()) {
      return Stream.of(raw.getEnumConstants())
          .map(e -> "`" + StructureCheck.wireName((Enum<?>) e) + "`")
          .collect(Collectors.joining(" \\| "));
    }
    return switch (raw.getSimpleName()) {
      case "Integer", "Long" -> "integer";
      case "Double" -> "number";
      case "Boolean" -> "boolean";
      default -> "string";
    };
  }

  private static String plain(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
