package dev.firedrill.proxy.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firedrill.proxy.link.Proxy;
import dev.firedrill.proxy.toxic.ToxicSpec;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Toxiproxy's JSON shapes, and reading request bodies the way Go's decoder does: the first JSON
 * value counts, unknown fields are ignored, a field of the wrong type is a 400.
 */
final class Json {
  /** Larger bodies are refused with Go's MaxBytesReader message. */
  static final int MAX_BODY_BYTES = 1 << 20;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  static Map<String, Object> proxy(Proxy proxy) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", proxy.name());
    json.put("listen", proxy.listen());
    json.put("upstream", proxy.upstream());
    json.put("enabled", proxy.enabled());
    json.put("toxics", toxics(proxy.toxics()));
    return json;
  }

  static List<Object> toxics(List<ToxicSpec> specs) {
    List<Object> list = new ArrayList<>();
    specs.forEach(spec -> list.add(toxic(spec)));
    return list;
  }

  static Map<String, Object> toxic(ToxicSpec spec) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("attributes", spec.toxic().attributes());
    json.put("name", spec.name());
    json.put("type", spec.type());
    json.put("stream", spec.stream().wireName());
    double t = spec.toxicity();
    json.put("toxicity", t == Math.rint(t) ? (Object) (long) t : (Object) t);
    return json;
  }

  static Map<String, Object> error(ApiException e) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("error", e.getMessage());
    json.put("status", e.status());
    if (e.each() != null) {
      json.put("errors", e.each());
    }
    return json;
  }

  static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("maps of strings and numbers always serialize", e);
    }
  }

  /** Reads and parses a body; an empty body is Go's {@code EOF}. */
  static JsonNode read(InputStream body) throws ApiException {
    byte[] bytes;
    try {
      bytes = body.readNBytes(MAX_BODY_BYTES + 1);
    } catch (IOException e) {
      throw ApiException.badBody(e.getMessage());
    }
    if (bytes.length > MAX_BODY_BYTES) {
      throw ApiException.badBody("http: request body too large");
    }
    return parse(bytes);
  }

  static JsonNode parse(byte[] bytes) throws ApiException {
    try {
      JsonNode node = MAPPER.readTree(bytes);
      if (node == null || node.isMissingNode()) {
        throw ApiException.badBody("EOF");
      }
      return node;
    } catch (IOException e) {
      String message = e.getMessage() == null ? "invalid JSON" : e.getMessage();
      int newline = message.indexOf('\n');
      throw ApiException.badBody(newline < 0 ? message : message.substring(0, newline));
    }
  }

  /** A string field, or {@code fallback} when absent or null (Go keeps the default). */
  static String string(JsonNode object, String field, String fallback, String goType)
      throws ApiException {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isTextual()) {
      throw mismatch(value, goType + "." + field, "string");
    }
    return value.textValue();
  }

  static boolean bool(JsonNode object, String field, boolean fallback, String goType)
      throws ApiException {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isBoolean()) {
      throw mismatch(value, goType + "." + field, "bool");
    }
    return value.booleanValue();
  }

  static double number(JsonNode object, String field, double fallback, String goType)
      throws ApiException {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isNumber()) {
      throw mismatch(value, goType + "." + field, "float32");
    }
    return value.doubleValue();
  }

  /** An integer attribute; fractions and non-numbers are refused as Go refuses them. */
  static long integer(JsonNode value, String field) throws ApiException {
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw mismatch(value, "attributes." + field, "int64");
    }
    return value.longValue();
  }

  static void requireObject(JsonNode node, String goType) throws ApiException {
    if (!node.isObject() && !node.isNull()) {
      throw ApiException.badBody(
          "json: cannot unmarshal " + kind(node) + " into Go value of type " + goType);
    }
  }

  private static ApiException mismatch(JsonNode value, String field, String type) {
    return ApiException.badBody(
        "json: cannot unmarshal "
            + kind(value)
            + " into Go struct field "
            + field
            + " of type "
            + type);
  }

  static String kind(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "array";
      case OBJECT -> "object";
      case STRING -> "string";
      case NUMBER -> "number";
      case BOOLEAN -> "bool";
      default -> "value";
    };
  }
}
