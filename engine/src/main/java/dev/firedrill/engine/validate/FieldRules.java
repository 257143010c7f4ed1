package dev.firedrill.engine.validate;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.firedrill.engine.model.DurationText;
import dev.firedrill.engine.model.Names;
import dev.firedrill.engine.model.ProxySpec;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.lang.annotation.Annotation;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rules of one record component, read from the same annotations that shape the CRD schema: wire
 * name, description, required, bounds, size and pattern. Cached per record class.
 */
record FieldRules(
    String wireName,
    Type type,
    String description,
    boolean required,
    Double min,
    Double max,
    Long minItems,
    String pattern) {

  private static final Map<Class<?>, Map<String, FieldRules>> CACHE = new ConcurrentHashMap<>();

  /** The fields of a record class by wire name, in declaration order. */
  static Map<String, FieldRules> of(Class<?> recordClass) {
    return CACHE.computeIfAbsent(
        recordClass, c -> FieldRulesIndex.loaded().rules(c).orElseGet(() -> read(c)));
  }

  /**
   * The rules read from the annotations themselves, which the build writes into {@link
   * FieldRulesIndex} so that a start needs no annotation proxy.
   */
  static Map<String, FieldRules> read(Class<?> recordClass) {
    Map<String, FieldRules> fields = new LinkedHashMap<>();
    for (RecordComponent rc : recordClass.getRecordComponents()) {
      String wire =
          find(rc, JsonProperty.class)
              .map(JsonProperty::value)
              .filter(v -> !v.isEmpty())
              .orElse(rc.getName());
      fields.put(
          wire,
          new FieldRules(
              wire,
              rc.getGenericType(),
              find(rc, JsonPropertyDescription.class).map(d -> d.value()).orElse(""),
              find(rc, Required.class).isPresent(),
              find(rc, Min.class).map(Min::value).orElse(null),
              find(rc, Max.class).map(Max::value).orElse(null),
              find(rc, Size.class).map(s -> s.min()).orElse(null),
              find(rc, Pattern.class).map(Pattern::value).orElse(null)));
    }
    return fields;
  }

  /**
   * An annotation written on a record component lands on the component, the field or the accessor
   * depending on its {@code @Target}: look in all three.
   */
  private static <A extends Annotation> Optional<A> find(RecordComponent rc, Class<A> type) {
    A onComponent = rc.getAnnotation(type);
    if (onComponent != null) {
      return Optional.of(onComponent);
    }
    try {
      A onField = rc.getDeclaringRecord().getDeclaredField(rc.getName()).getAnnotation(type);
      if (onField != null) {
        return Optional.of(onField);
      }
    } catch (NoSuchFieldException e) {
      // a record always has the field; fall through to the accessor
    }
    return Optional.ofNullable(rc.getAccessor().getAnnotation(type));
  }

  /** What a value matching {@link #pattern} looks like, for messages. */
  String patternInWords() {
    if (pattern == null) {
      return "";
    }
    return switch (pattern) {
      case DurationText.PATTERN -> "a duration such as 500ms, 30s, 2m or 1m30s";
      case Names.PATTERN ->
          "a name of lower-case letters, digits and '-', starting and ending with a letter or"
              + " digit, at most 63 characters";
      case ProxySpec.HOST_PORT -> "host:port, e.g. 127.0.0.1:8080";
      case "^https?://.+" -> "an http:// or https:// URL";
      case "^/.*" -> "a path starting with /";
      case "^(/.*)?$" -> "a JSON pointer such as /data/value (empty for the whole body)";
      default -> {
        if (pattern.startsWith("^(") && pattern.endsWith(")$") && !pattern.contains("[")) {
          yield "one of " + pattern.substring(2, pattern.length() - 2).replace("|", ", ");
        }
        yield "text matching " + pattern;
      }
    };
  }

  /** An example value for fixes, from the pattern or the description. */
  String example() {
    if (DurationText.PATTERN.equals(pattern)) {
      return "30s";
    }
    if (Names.PATTERN.equals(pattern)) {
      return "my-name";
    }
    if (ProxySpec.HOST_PORT.equals(pattern)) {
      return "127.0.0.1:8080";
    }
    if ("^https?://.+".equals(pattern)) {
      return "http://127.0.0.1:8080";
    }
    return "...";
  }
}
