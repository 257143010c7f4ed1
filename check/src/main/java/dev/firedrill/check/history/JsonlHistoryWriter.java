package dev.firedrill.check.history;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Appends a history as JSON Lines, one object per op, each line flushed before {@link #append}
 * returns, so a crashed run leaves every recorded op on disk. Thread-safe: many workload threads
 * and the nemesis append at once; the writer assigns the index, so the file order is the index
 * order. The schema is in docs/checkers.md.
 */
public final class JsonlHistoryWriter implements Closeable {
  // No separator between root values: the writer ends each line itself.
  private static final JsonFactory JSON = new JsonFactory().setRootValueSeparator(null);
  private final Writer out;
  private final JsonGenerator json;
  private long next;

  public JsonlHistoryWriter(Writer out) {
    this.out = out;
    try {
      this.json = JSON.createGenerator(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
  }

  /** Creates (or truncates) the file and writes to it. */
  public static JsonlHistoryWriter open(Path file) throws IOException {
    return new JsonlHistoryWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
  }

  /**
   * Assigns the next index to the op, writes and flushes its line.
   *
   * @return the op as recorded, with its index
   * @throws UncheckedIOException if the line cannot be written
   */
  public synchronized Op append(Op op) {
    Op recorded = op.withIndex(next++);
    try {
      write(recorded);
      json.writeRaw('\n');
      json.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return recorded;
  }

  private void write(Op op) throws IOException {
    json.writeStartObject();
    json.writeNumberField("index", op.index());
    json.writeNumberField("time", op.time());
    if (op.isNemesis()) {
      json.writeStringField("process", "nemesis");
    } else {
      json.writeNumberField("process", op.process());
    }
    json.writeStringField("type", op.type().wireName());
    json.writeStringField("f", op.f());
    optional("key", op.key());
    if (op.value() != null) {
      json.writeFieldName("value");
      writeValue(op.value());
    }
    optional("idempotencyKey", op.idempotencyKey());
    optional("traceId", op.traceId());
    optional("error", op.error());
    optional("endpoint", op.endpoint());
    json.writeEndObject();
  }

  private void optional(String field, String text) throws IOException {
    if (text != null) {
      json.writeStringField(field, text);
    }
  }

  private void writeValue(Object value) throws IOException {
    switch (value) {
      case null -> json.writeNull();
      case Long l -> json.writeNumber(l);
      case Integer i -> json.writeNumber(i);
      case Double d -> json.writeNumber(d);
      case Boolean b -> json.writeBoolean(b);
      case String s -> json.writeString(s);
      case java.math.BigInteger b -> json.writeNumber(b);
      case Iterable<?> list -> {
        json.writeStartArray();
        for (Object o : list) {
          writeValue(o);
        }
        json.writeEndArray();
      }
      case Map<?, ?> map -> {
        json.writeStartObject();
        for (Map.Entry<?, ?> e : map.entrySet()) {
          json.writeFieldName(String.valueOf(e.getKey()));
          writeValue(e.getValue());
        }
        json.writeEndObject();
      }
      default -> json.writeString(value.toString());
    }
  }

  /** Writes a whole history, assigning indices from 0: a convenience for tests and tools. */
  public static void writeAll(Path file, List<Op> ops) throws IOException {
    try (JsonlHistoryWriter w = open(file)) {
      ops.forEach(w::append);
    }
  }

  @Override
  public synchronized void close() throws IOException {
    json.close();
    out.close();
  }
}
