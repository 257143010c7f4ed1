package dev.firedrill.check.history;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads a JSON Lines history (the format {@link JsonlHistoryWriter} writes) as a stream. Strict
 * where it matters: {@code type}, {@code f} and {@code process} are required, and a malformed line
 * stops the read with its line number. Unknown fields are skipped, so a newer writer's extra fields
 * do not break an older reader. A missing {@code index} becomes the position in the file.
 */
public final class JsonlHistoryReader {
  private static final JsonFactory JSON = new JsonFactory();

  private JsonlHistoryReader() {}

  /** Reads the whole file into a history. */
  public static History read(Path file) throws IOException {
    List<Op> ops = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file)) {
      stream(JSON.createParser(in), ops::add);
    }
    return History.of(ops);
  }

  /** Reads every op from the reader, passing each to the consumer as soon as it is parsed. */
  public static void stream(Reader in, Consumer<Op> sink) throws IOException {
    stream(JSON.createParser(in), sink);
  }

  private static void stream(JsonParser p, Consumer<Op> sink) throws IOException {
    Names names = new Names();
    long position = 0;
    try (p) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t != JsonToken.START_OBJECT) {
          throw error(p, "expected one JSON object per line, found " + t);
        }
        sink.accept(readOp(p, position++, names));
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new HistoryFormatException(
          "line " + p.currentLocation().getLineNr() + ": " + e.getOriginalMessage(), e);
    } catch (IllegalArgumentException e) {
      throw error(p, e.getMessage());
    }
  }

  private static Op readOp(JsonParser p, long position, Names names) throws IOException {
    long index = position;
    long time = 0;
    Integer process = null;
    OpType type = null;
    String f = null;
    String key = null;
    Object value = null;
    String idempotencyKey = null;
    String traceId = null;
    String error = null;
    String field;
    while ((field = p.nextFieldName()) != null) {
      JsonToken t = p.nextToken();
      switch (field) {
        case "index" -> index = longField(p, t, field);
        case "time" -> time = longField(p, t, field);
        case "process" -> process = process(p, t);
        case "type" -> type = type(p, t);
        case "f" -> f = names.text(p, t, field);
        case "key" -> key = t == JsonToken.VALUE_NULL ? null : names.any(p, t);
        case "value" -> value = value(p, t);
        case "idempotencyKey" -> idempotencyKey = optionalText(p, t);
        case "traceId" -> traceId = optionalText(p, t);
        case "error" -> error = t == JsonToken.VALUE_STRING ? p.getText() : toText(value(p, t));
        default -> p.skipChildren();
      }
    }
    if (type == null || f == null || process == null) {
      throw error(p, "an op needs type, f and process");
    }
    return new Op(index, time, process, type, f, key, value, idempotencyKey, traceId, error);
  }

  /**
   * Keys and function names repeat millions of times in a long history: each is looked up by its
   * characters in the parser's buffer, so a repeated one costs neither a new String nor a HashMap
   * probe, and all ops share one String per name. At most {@link #MAX} names are kept; past that
   * each is a fresh String (the same text).
   */
  private static final class Names {
    static final int MAX = 100_000;
    private String[] table = new String[256];
    private int size;

    /** The string token's text; an error if the token is not a string. */
    String text(JsonParser p, JsonToken t, String field) throws IOException {
      if (t != JsonToken.VALUE_STRING) {
        throw error(p, field + " must be a string");
      }
      return any(p, t);
    }

    /** The token's text, as {@link JsonParser#getText()} gives it. */
    String any(JsonParser p, JsonToken t) throws IOException {
      if (t != JsonToken.VALUE_STRING) {
        return add(p.getText());
      }
      char[] c = p.getTextCharacters();
      int o = p.getTextOffset();
      int n = p.getTextLength();
      int h = 0;
      for (int i = 0; i < n; i++) {
        h = 31 * h + c[o + i];
      }
      int mask = table.length - 1;
      for (int i = mix(h) & mask; table[i] != null; i = (i + 1) & mask) {
        if (matches(table[i], c, o, n)) {
          return table[i];
        }
      }
      return add(new String(c, o, n));
    }

    private String add(String s) {
      if (size >= MAX) {
        return s;
      }
      int mask = table.length - 1;
      int i = mix(s.hashCode()) & mask;
      for (; table[i] != null; i = (i + 1) & mask) {
        if (table[i].equals(s)) {
          return table[i];
        }
      }
      table[i] = s;
      if (++size * 2 > table.length) {
        String[] old = table;
        table = new String[old.length * 2];
        size = 0;
        for (String e : old) {
          if (e != null) {
            add(e);
          }
        }
      }
      return s;
    }

    private static int mix(int h) {
      return (h * 0x9E3779B9) >>> 7 ^ h;
    }

    private static boolean matches(String s, char[] c, int o, int n) {
      if (s.length() != n) {
        return false;
      }
      for (int i = 0; i < n; i++) {
        if (s.charAt(i) != c[o + i]) {
          return false;
        }
      }
      return true;
    }
  }

  /** The op type, read without allocating a String: it is on every line. */
  private static OpType type(JsonParser p, JsonToken t) throws IOException {
    if (t != JsonToken.VALUE_STRING) {
      throw error(p, "type must be a string");
    }
    char[] c = p.getTextCharacters();
    int o = p.getTextOffset();
    switch (p.getTextLength()) {
      case 2 -> {
        if (c[o] == 'o' && c[o + 1] == 'k') {
          return OpType.OK;
        }
      }
      case 4 -> {
        if (c[o] == 'f' && c[o + 1] == 'a' && c[o + 2] == 'i' && c[o + 3] == 'l') {
          return OpType.FAIL;
        }
        if (c[o] == 'i' && c[o + 1] == 'n' && c[o + 2] == 'f' && c[o + 3] == 'o') {
          return OpType.INFO;
        }
      }
      case 6 -> {
        if (c[o] == 'i'
            && c[o + 1] == 'n'
            && c[o + 2] == 'v'
            && c[o + 3] == 'o'
            && c[o + 4] == 'k'
            && c[o + 5] == 'e') {
          return OpType.INVOKE;
        }
      }
      default -> {}
    }
    return OpType.fromWire(p.getText());
  }

  private static int process(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_STRING && "nemesis".equals(p.getText())) {
      return Op.NEMESIS;
    }
    if (t == JsonToken.VALUE_NUMBER_INT && p.getLongValue() >= 0) {
      return p.getIntValue();
    }
    throw error(p, "process must be a non-negative integer or \"nemesis\"");
  }

  private static long longField(JsonParser p, JsonToken t, String field) throws IOException {
    if (t != JsonToken.VALUE_NUMBER_INT) {
      throw error(p, field + " must be an integer");
    }
    return p.getLongValue();
  }

  private static String optionalText(JsonParser p, JsonToken t) throws IOException {
    return t == JsonToken.VALUE_NULL ? null : p.getText();
  }

  private static String toText(Object v) {
    return v == null ? null : v.toString();
  }

  /** Any JSON value as plain Java: null, Long, Double, String, Boolean, List, Map. */
  static Object value(JsonParser p, JsonToken t) throws IOException {
    return switch (t) {
      case VALUE_NULL -> null;
      case VALUE_NUMBER_INT ->
          p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
              ? p.getBigIntegerValue()
              : (Object) p.getLongValue();
      case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
      case VALUE_STRING -> p.getText();
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case START_ARRAY -> {
        List<Object> list = new ArrayList<>();
        JsonToken e;
        while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
          list.add(value(p, e));
        }
        yield list;
      }
      case START_OBJECT -> {
        Map<String, Object> map = new LinkedHashMap<>();
        String name;
        while ((name = p.nextFieldName()) != null) {
          map.put(name, value(p, p.nextToken()));
        }
        yield map;
      }
      default -> throw error(p, "unexpected " + t);
    };
  }

  private static HistoryFormatException error(JsonParser p, String message) {
    return new HistoryFormatException("line " + p.currentLocation().getLineNr() + ": " + message);
  }
}
