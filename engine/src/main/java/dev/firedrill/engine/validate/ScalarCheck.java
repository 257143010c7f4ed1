package dev.firedrill.engine.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Checks and converts one scalar: text, whole number, number, true/false or an enum value. */
final class ScalarCheck {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private ScalarCheck() {}

  /** The converted value, or null (with a problem reported) when it does not fit {@code type}. */
  static JsonNode scalar(Report report, Node node, Class<?> type, String path, FieldRules rules) {
    if (!(node instanceof ScalarNode scalar)) {
      report.add(
          node,
          path,
          "expected " + expected(type) + ", got " + describe(node),
          "write a single value after the colon");
      return null;
    }
    String text = scalar.getValue();
    Tag tag = scalar.getTag();
    if (type == String.class) {
      return text(report, scalar, path, rules);
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      Long n = tag == Tag.INT ? parseLong(text) : null;
      if (n == null) {
        report.add(node, path, "expected a whole number, got " + describe(node), "write e.g. 10");
        return null;
      }
      boolean isInt = type == Integer.class || type == int.class;
      if (isInt && (n > Integer.MAX_VALUE || n < Integer.MIN_VALUE)) {
        report.add(node, path, "number too large: " + text, "use a smaller number");
        return null;
      }
      return bounded(report, node, path, rules, n) ? JSON.numberNode(n) : null;
    }
    if (type == Double.class || type == double.class) {
      Double d = tag == Tag.INT || tag == Tag.FLOAT ? parseDouble(text) : null;
      if (d != null && d.isInfinite() && !text.toLowerCase(java.util.Locale.ROOT).contains("inf")) {
        // 1e400 is a number, just not one a double holds: say that, not "got a number".
        report.add(node, path, "number out of range: " + text, "use a smaller number");
        return null;
      }
      if (d == null || d.isNaN() || d.isInfinite()) {
        report.add(node, path, "expected a number, got " + describe(node), "write e.g. 0.5");
        return null;
      }
      return bounded(report, node, path, rules, d) ? JSON.numberNode(d) : null;
    }
    if (type == Boolean.class || type == boolean.class) {
      if (tag != Tag.BOOL) {
        report.add(
            node, path, "expected true or false, got " + describe(node), "write true or false");
        return null;
      }
      return JSON.booleanNode(
          text.equalsIgnoreCase("true")
              || text.equalsIgnoreCase("yes")
              || text.equalsIgnoreCase("on")
              || text.equalsIgnoreCase("y"));
    }
    if (type.isEnum()) {
      return enumValue(report, scalar, type, path);
    }
    // Free-form values (Object, JsonNode) take any scalar as text.
    return JSON.textNode(text);
  }

  private static JsonNode text(Report report, ScalarNode scalar, String path, FieldRules rules) {
    Tag tag = scalar.getTag();
    String text = scalar.getValue();
    if (tag != Tag.STR) {
      String why =
          tag == Tag.BOOL
              ? "true/false"
              : tag == Tag.INT || tag == Tag.FLOAT ? "a number" : "a " + tag.getValue();
      report.add(
          scalar,
          path,
          "expected text, got " + why + " (" + text + ")",
          "quote it: \"" + text + "\"");
      return null;
    }
    if (rules != null && rules.pattern() != null) {
      if (!StructureCheck.compile(rules.pattern()).matcher(text).matches()) {
        report.add(
            scalar,
            path,
            "'" + abbreviate(text) + "' is not " + rules.patternInWords(),
            "write " + rules.patternInWords());
        return null;
      }
    }
    return JSON.textNode(text);
  }

  private static boolean bounded(
      Report report, Node node, String path, FieldRules rules, double v) {
    if (rules == null) {
      return true;
    }
    if (rules.min() != null && v < rules.min()) {
      report.add(
          node,
          path,
          "must be at least " + plain(rules.min()) + ", got " + plain(v),
          "use a value of " + plain(rules.min()) + " or more");
      return false;
    }
    if (rules.max() != null && v > rules.max()) {
      report.add(
          node,
          path,
          "must be at most " + plain(rules.max()) + ", got " + plain(v),
          "use a value of " + plain(rules.max()) + " or less");
      return false;
    }
    return true;
  }

  private static JsonNode enumValue(Report report, ScalarNode scalar, Class<?> type, String path) {
    Map<String, Enum<?>> byWire = new LinkedHashMap<>();
    for (Object constant : type.getEnumConstants()) {
      Enum<?> e = (Enum<?>) constant;
      byWire.put(StructureCheck.wireName(e), e);
    }
    String text = scalar.getValue();
    if (scalar.getTag() == Tag.STR && byWire.containsKey(text)) {
      return JSON.textNode(text);
    }
    List<String> names = new ArrayList<>(byWire.keySet());
    String fix =
        Suggestions.closest(text, names)
            .map(s -> "did you mean '" + s + "'?")
            .orElse("use one of: " + String.join(", ", names));
    report.add(
        scalar, path, "'" + abbreviate(text) + "' is not one of " + String.join(", ", names), fix);
    return null;
  }

  /** A short description of what a node holds, for "expected X, got Y". */
  static String describe(Node node) {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    if (node instanceof ScalarNode s) {
      Tag tag = s.getTag();
      String kind =
          tag == Tag.STR
              ? "text"
              : tag == Tag.INT || tag == Tag.FLOAT
                  ? "a number"
                  : tag == Tag.BOOL ? "true/false" : tag == Tag.NULL ? "nothing" : "a value";
      return tag == Tag.NULL ? kind : kind + " '" + abbreviate(s.getValue()) + "'";
    }
    return "something else";
  }

  private static String expected(Class<?> type) {
    if (type == String.class) return "text";
    if (type == Boolean.class || type == boolean.class) return "true or false";
    if (type.isEnum()) return "one word";
    return "a number";
  }

  static String abbreviate(String text) {
    String oneLine = text.replace('\n', ' ');
    return oneLine.length() > 60 ? oneLine.substring(0, 57) + "..." : oneLine;
  }

  private static String plain(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }

  private static Long parseLong(String text) {
    try {
      return Long.parseLong(text.replace("_", ""));
    } catch (NumberFormatException e) {
      return null; // YAML 1.1 forms (0x1f, 1:30) are not drill numbers
    }
  }

  private static Double parseDouble(String text) {
    try {
      return Double.parseDouble(text.replace("_", ""));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
