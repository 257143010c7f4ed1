package dev.firedrill.engine.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firedrill.engine.model.WorkloadType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns what a read extracted from a response into the value the checkers compare. Elements of sets
 * and queues and register values become text (a service may echo {@code "7"} as {@code 7});
 * counters, versions and balances become numbers; anything else keeps its JSON shape. A set read
 * that extracts a JSON object reads its field names: a collection keyed by id, such as the demo
 * shop's {@code GET /orders} ({@code {"orders": {"o-1": {...}, ...}}}), is the set of its ids.
 */
final class Values {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Values() {}

  static Object read(WorkloadType type, String f, JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (f.startsWith("read-")) {
      return JSON.convertValue(node, Object.class); // convergence compares whole views
    }
    return switch (type) {
      case SET -> node.isArray() ? texts(node) : node.isObject() ? fieldNames(node) : text(node);
      case QUEUE -> node.isArray() ? texts(node) : text(node);
      case REGISTER, KV -> text(node);
      case COUNTER -> number(node);
      case BANK -> balances(node);
      case EVENTS -> node.isArray() ? numbers(node) : number(node);
    };
  }

  private static Object text(JsonNode node) {
    return node.isValueNode() ? node.asText() : JSON.convertValue(node, Object.class);
  }

  private static List<Object> texts(JsonNode array) {
    List<Object> out = new ArrayList<>(array.size());
    array.forEach(e -> out.add(text(e)));
    return out;
  }

  private static List<Object> fieldNames(JsonNode object) {
    List<Object> out = new ArrayList<>(object.size());
    object.properties().forEach(e -> out.add(e.getKey()));
    return out;
  }

  private static Object number(JsonNode node) {
    if (node.isIntegralNumber()) {
      return node.asLong(); // not a ?: with asDouble(): that promotes the long to a double
    }
    if (node.isNumber()) {
      return node.asDouble();
    }
    if (node.isTextual()) {
      try {
        return Long.parseLong(node.asText().trim());
      } catch (NumberFormatException e) {
        return node.asText();
      }
    }
    return JSON.convertValue(node, Object.class);
  }

  private static List<Object> numbers(JsonNode array) {
    List<Object> out = new ArrayList<>(array.size());
    array.forEach(e -> out.add(number(e)));
    return out;
  }

  private static Object balances(JsonNode node) {
    if (!node.isObject()) {
      return JSON.convertValue(node, Object.class);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    node.properties().forEach(e -> out.put(e.getKey(), number(e.getValue())));
    return out;
  }
}
