package dev.firedrill.engine.validate;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.PatternSyntaxException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Checks a YAML node tree against a record type, field by field, and converts what is valid into a
 * Jackson tree. Every problem is collected; an invalid value is left out of the converted tree (so
 * the cross-field rules still run on the rest of the drill). The path of every value visited is
 * remembered with its position, so later rules can point at the line of any field.
 *
 * <p>Bounded: at most {@link #MAX_DEPTH} levels and {@link #MAX_NODES} visited nodes, so aliases
 * that expand exponentially or refer to themselves end in a problem, not a hang.
 */
final class StructureCheck {

  static final int MAX_DEPTH = 40;
  static final int MAX_NODES = 200_000;

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final Report report;
  private final Map<String, Position> positions = new LinkedHashMap<>();
  private int visited;
  private boolean budgetReported;

  StructureCheck(Report report) {
    this.report = report;
  }

  /** Position of each path visited; the value's start, or the key's for a missing child. */
  Map<String, Position> positions() {
    return positions;
  }

  /** The converted value, or null when the value is invalid (its problems are reported). */
  JsonNode check(Node node, Type type, String path, int depth) {
    positions.put(path, Position.of(node));
    if (++visited > MAX_NODES || depth > MAX_DEPTH) {
      if (!budgetReported) {
        budgetReported = true;
        report.add(
            node,
            path,
            "the document nests or expands too deeply (over "
                + MAX_DEPTH
                + " levels or "
                + MAX_NODES
                + " values, e.g. through recursive or repeated aliases)",
            "write the drill out plainly; drills need no recursive anchors");
      }
      return null;
    }
    if (isNull(node)) {
      return JSON.nullNode();
    }
    Class<?> raw = rawClass(type);
    if (raw.isRecord()) {
      return record(node, raw, path, depth);
    }
    if (List.class.isAssignableFrom(raw)) {
      return list(node, typeArgument(type, 0), path, depth);
    }
    if (Map.class.isAssignableFrom(raw)) {
      return map(node, typeArgument(type, 1), path, depth);
    }
    return ScalarCheck.scalar(report, node, raw, path, null);
  }

  private JsonNode record(Node node, Class<?> recordClass, String path, int depth) {
    if (!(node instanceof MappingNode mapping)) {
      report.add(
          node,
          path,
          "expected a mapping of fields, got " + ScalarCheck.describe(node),
          "write the fields of " + lastSegment(path) + " as key: value lines below it");
      return null;
    }
    Map<String, FieldRules> fields = FieldRules.of(recordClass);
    ObjectNode out = JSON.objectNode();
    Set<String> seen = new HashSet<>();
    for (NodeTuple tuple : mapping.getValue()) {
      String key = keyOf(tuple, path);
      if (key == null || !seen.add(key)) {
        if (key != null) {
          report.add(
              tuple.getKeyNode(),
              join(path, key),
              "duplicate field '" + key + "'",
              "keep one '" + key + "'");
        }
        continue;
      }
      FieldRules rules = fields.get(key);
      if (rules == null) {
        unknownField(tuple.getKeyNode(), path, key, fields.keySet());
        continue;
      }
      JsonNode value = fieldValue(tuple.getValueNode(), rules, join(path, key), depth);
      if (value != null && !value.isNull()) {
        out.set(key, value);
      }
    }
    for (FieldRules rules : fields.values()) {
      if (rules.required() && !seen.contains(rules.wireName())) {
        report.add(
            node,
            join(path, rules.wireName()),
            "missing required field '" + rules.wireName() + "'",
            "add '" + rules.wireName() + ":' to " + lastSegment(path) + hint(rules));
      }
    }
    return out;
  }

  private JsonNode fieldValue(Node valueNode, FieldRules rules, String path, int depth) {
    if (isNull(valueNode)) {
      positions.put(path, Position.of(valueNode));
      if (rules.required()) {
        report.add(
            valueNode,
            path,
            "'" + rules.wireName() + "' is required but empty",
            "give it a value" + hint(rules));
      }
      return null;
    }
    Class<?> raw = rawClass(rules.type());
    if (raw.isRecord() || List.class.isAssignableFrom(raw) || Map.class.isAssignableFrom(raw)) {
      JsonNode value = check(valueNode, rules.type(), path, depth + 1);
      if (value instanceof ArrayNode array
          && rules.minItems() != null
          && array.size() < rules.minItems()) {
        report.add(
            valueNode,
            path,
            "needs at least " + rules.minItems() + " item(s), has " + array.size(),
            "list at least " + rules.minItems() + " under '" + rules.wireName() + "'");
      }
      return value;
    }
    positions.put(path, Position.of(valueNode));
    visited++;
    return ScalarCheck.scalar(report, valueNode, raw, path, rules);
  }

  private JsonNode list(Node node, Type element, String path, int depth) {
    if (!(node instanceof SequenceNode seq)) {
      report.add(
          node,
          path,
          "expected a list, got " + ScalarCheck.describe(node),
          "write each item on its own line starting with '- '");
      return null;
    }
    ArrayNode out = JSON.arrayNode();
    List<Node> items = new ArrayList<>(seq.getValue());
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = check(items.get(i), element, path + "[" + i + "]", depth + 1);
      if (item != null && !item.isNull()) {
        out.add(item);
      } else if (item != null) {
        report.add(items.get(i), path + "[" + i + "]", "empty list item", "remove the bare '-'");
      }
    }
    return out;
  }

  private JsonNode map(Node node, Type valueType, String path, int depth) {
    if (!(node instanceof MappingNode mapping)) {
      report.add(
          node,
          path,
          "expected a mapping (key: value lines), got " + ScalarCheck.describe(node),
          "write one 'key: value' per line below '" + lastSegment(path) + "'");
      return null;
    }
    ObjectNode out = JSON.objectNode();
    for (NodeTuple tuple : mapping.getValue()) {
      String key = keyOf(tuple, path);
      if (key == null) {
        continue;
      }
      if (out.has(key)) {
        report.add(tuple.getKeyNode(), join(path, key), "duplicate key '" + key + "'", "keep one");
        continue;
      }
      JsonNode value = check(tuple.getValueNode(), valueType, join(path, key), depth + 1);
      if (value != null && !value.isNull()) {
        out.set(key, value);
      }
    }
    return out;
  }

  private String keyOf(NodeTuple tuple, String path) {
    if (tuple.getKeyNode() instanceof ScalarNode scalar && scalar.getTag() != Tag.NULL) {
      return scalar.getValue();
    }
    report.add(
        tuple.getKeyNode(),
        path,
        "a key must be plain text, got " + ScalarCheck.describe(tuple.getKeyNode()),
        "use a word as the key");
    return null;
  }

  private void unknownField(Node keyNode, String path, String key, Set<String> known) {
    String fix =
        Suggestions.closest(key, known)
            .map(s -> "did you mean '" + s + "'?")
            .orElse("remove it; known fields here: " + String.join(", ", known));
    report.add(keyNode, join(path, key), "unknown field '" + key + "'", fix);
  }

  private static String hint(FieldRules rules) {
    String example = rules.example();
    String description = rules.description();
    return ("...".equals(example) ? "" : ", e.g. " + rules.wireName() + ": " + example)
        + (description.isEmpty() ? "" : " — " + description);
  }

  static boolean isNull(Node node) {
    return node == null || (node instanceof ScalarNode s && s.getTag() == Tag.NULL);
  }

  static String join(String path, String key) {
    boolean plain = key.matches("[A-Za-z_][A-Za-z0-9_-]*");
    String segment = plain ? key : "[\"" + key.replace("\"", "\\\"") + "\"]";
    if (path.isEmpty()) {
      return segment;
    }
    return plain ? path + "." + segment : path + segment;
  }

  static String lastSegment(String path) {
    if (path.isEmpty()) {
      return "the document";
    }
    int dot = path.lastIndexOf('.');
    return "'" + (dot < 0 ? path : path.substring(dot + 1)) + "'";
  }

  static Class<?> rawClass(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    return Object.class;
  }

  private static Type typeArgument(Type type, int index) {
    if (type instanceof ParameterizedType p && p.getActualTypeArguments().length > index) {
      return p.getActualTypeArguments()[index];
    }
    return Object.class;
  }

  /** Wire name of an enum constant: its {@code @JsonProperty}, else its Java name. */
  static String wireName(Enum<?> constant) {
    return FieldRulesIndex.loaded().wireName(constant).orElseGet(() -> reflectedWireName(constant));
  }

  /** {@link #wireName}, read from the annotation (the build writes it into the index). */
  static String reflectedWireName(Enum<?> constant) {
    try {
      JsonProperty p =
          constant.getDeclaringClass().getField(constant.name()).getAnnotation(JsonProperty.class);
      return p == null ? constant.name() : p.value();
    } catch (NoSuchFieldException e) {
      return constant.name();
    }
  }

  /** Compiles a schema pattern; the patterns are ours, so a bad one is a programming error. */
  static java.util.regex.Pattern compile(String regex) {
    try {
      return java.util.regex.Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalStateException("bad schema pattern " + regex, e);
    }
  }
}
