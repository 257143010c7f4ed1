package dev.firedrill.check.history;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.firedrill.check.history.HistoryColumns.Builder;
import dev.firedrill.check.history.HistoryColumns.Row;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads a JSON Lines history (the format {@link JsonlHistoryWriter} writes). Strict where it
 * matters: {@code type}, {@code f} and {@code process} are required, and a malformed line stops the
 * read with its line number. Unknown fields are skipped, so a newer writer's extra fields do not
 * break an older reader. A missing {@code index} becomes the position in the file. A file that
 * breaks the rules of a history ({@link HistoryRules}) is refused with the line of the first entry
 * that breaks one.
 *
 * <p>A file is read in parallel: split at line ends into one part per CPU (parts of at least
 * {@value #MIN_PART_BYTES} bytes), each part parsed by its own thread with its own Jackson parser
 * into {@link HistoryColumns}, the parts joined in order. The result is the same as a sequential
 * read: when a part fails, the file is read again in one part, so that the error names its line in
 * the whole file.
 */
public final class JsonlHistoryReader {
  private static final JsonFactory JSON = new JsonFactory();
  static final int MIN_PART_BYTES = 8 << 20;

  private JsonlHistoryReader() {}

  /**
   * Reads the whole file into a history.
   *
   * @throws HistoryFormatException for a malformed line, or a history that breaks a rule of {@link
   *     HistoryRules} (naming the line)
   */
  public static History read(Path file) throws IOException {
    long size = java.nio.file.Files.size(file);
    int cpus = Runtime.getRuntime().availableProcessors();
    HistoryColumns columns =
        readColumns(file, (int) Math.max(1, Math.min(cpus, size / MIN_PART_BYTES)));
    HistoryRules.Violation broken = HistoryRules.check(columns);
    if (broken != null) {
      throw new HistoryFormatException(broken.describe(row -> "line " + lineOf(file, row)));
    }
    return History.of(columns);
  }

  /**
   * The line on which the entry at this position starts (1-based); only errors ask, so it reads the
   * file again rather than keeping a line per entry.
   */
  public static long lineOf(Path file, int row) {
    try (JsonParser p = JSON.createParser(file.toFile())) {
      int seen = 0;
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t == JsonToken.START_OBJECT && seen++ == row) {
          return p.currentTokenLocation().getLineNr();
        }
        p.skipChildren();
      }
    } catch (IOException e) {
      // The file was readable a moment ago; fall back to the position.
    }
    return row + 1L;
  }

  /** Reads the whole file into columns, in (at most) this many parts read side by side. */
  static HistoryColumns readColumns(Path file, int parts) throws IOException {
    try (FileChannel channel = FileChannel.open(file)) {
      long[] bounds = bounds(channel, channel.size(), parts);
      parts = bounds.length - 1;
      Builder[] builders = new Builder[parts];
      Throwable[] errors = new Throwable[parts];
      Thread[] workers = new Thread[parts];
      for (int i = 0; i < parts; i++) {
        int part = i;
        Runnable task =
            () -> {
              long length = bounds[part + 1] - bounds[part];
              Builder b = new Builder((int) Math.min(1 << 24, length / 64 + 16));
              try (InputStream in = new RangeInput(channel, bounds[part], bounds[part + 1])) {
                parse(JSON.createParser(in), new LineParser(b.names), b::append);
                builders[part] = b;
              } catch (IOException | RuntimeException | OutOfMemoryError e) {
                errors[part] = e;
              }
            };
        if (i < parts - 1) {
          workers[i] = Thread.ofPlatform().name("history-read-" + i).start(task);
        } else {
          task.run();
        }
      }
      for (Thread worker : workers) {
        if (worker != null) {
          join(worker);
        }
      }
      for (int i = 0; i < parts; i++) {
        if (errors[i] != null && parts > 1) {
          // Said as a sequential read says it (line numbers in the whole file; and an object that
          // spans lines, which a split may cut, is read whole).
          return readColumns(file, 1);
        }
        if (errors[i] != null) {
          throw partError(errors[i]);
        }
      }
      return Builder.concat(List.of(builders));
    }
  }

  /** Reads every op from the reader, passing each to the consumer as soon as it is parsed. */
  public static void stream(Reader in, Consumer<Op> sink) throws IOException {
    HistoryColumns.Names names = new HistoryColumns.Names();
    long[] position = {0};
    try {
      parse(
          JSON.createParser(in),
          new LineParser(names),
          row -> sink.accept(toOp(row, names, position[0]++)));
    } catch (LineError e) {
      throw e.after(0);
    }
  }

  private static Op toOp(Row row, HistoryColumns.Names names, long position) {
    Object value =
        switch (row.kind) {
          case HistoryColumns.LONG -> row.valueLong;
          case HistoryColumns.LONGS -> row.longsAsList();
          case HistoryColumns.OBJECT -> row.object;
          default -> null;
        };
    return new Op(
        row.hasIndex ? row.index : position,
        row.time,
        row.process,
        row.type,
        names.name(row.f),
        row.key < 0 ? null : names.name(row.key),
        value,
        row.idempotencyKey,
        row.traceId,
        row.error,
        row.endpoint);
  }

  private static void parse(JsonParser p, LineParser lines, Consumer<Row> sink) throws IOException {
    Row row = new Row();
    try (p) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t != JsonToken.START_OBJECT) {
          throw error(p, "expected one JSON object per line, found " + t);
        }
        lines.readOp(p, row);
        sink.accept(row);
      }
    } catch (JsonProcessingException e) {
      throw new LineError(p.currentLocation().getLineNr(), e.getOriginalMessage(), e);
    } catch (IllegalArgumentException e) {
      throw error(p, e.getMessage());
    }
  }

  /** Part boundaries: {@code parts} ranges of about equal size, each starting a line. */
  private static long[] bounds(FileChannel channel, long size, int parts) throws IOException {
    List<Long> bounds = new ArrayList<>();
    bounds.add(0L);
    ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    for (int i = 1; i < parts; i++) {
      long at = Math.max(bounds.get(bounds.size() - 1), size * i / parts);
      long lineStart = nextLineStart(channel, at, size, buffer);
      if (lineStart < size && lineStart > bounds.get(bounds.size() - 1)) {
        bounds.add(lineStart);
      }
    }
    bounds.add(size);
    return bounds.stream().mapToLong(Long::longValue).toArray();
  }

  private static long nextLineStart(FileChannel channel, long from, long size, ByteBuffer buffer)
      throws IOException {
    long at = from;
    while (at < size) {
      buffer.clear();
      int n = channel.read(buffer, at);
      if (n <= 0) {
        return size;
      }
      for (int i = 0; i < n; i++) {
        if (buffer.get(i) == '\n') {
          return at + i + 1;
        }
      }
      at += n;
    }
    return size;
  }

  private static IOException partError(Throwable error) {
    if (error instanceof LineError e) {
      throw e.after(0);
    }
    if (error instanceof IOException e) {
      return e;
    }
    if (error instanceof RuntimeException e) {
      throw e;
    }
    throw (Error) error;
  }

  private static void join(Thread worker) throws IOException {
    try {
      worker.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while reading a history");
    }
  }

  /** A malformed line, numbered within its part (or stream). */
  private static final class LineError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final long line;
    final String problem;

    LineError(long line, String problem, Throwable cause) {
      super(problem, cause, false, false);
      this.line = line;
      this.problem = problem;
    }

    HistoryFormatException after(long linesBefore) {
      return new HistoryFormatException(
          "line " + (linesBefore + line) + ": " + problem, getCause());
    }
  }

  private static LineError error(JsonParser p, String message) {
    return new LineError(p.currentLocation().getLineNr(), message, null);
  }

  /** A range of a file as a stream, read with positional reads (parts share one channel). */
  private static final class RangeInput extends InputStream {
    private final FileChannel channel;
    private long at;
    private final long end;

    RangeInput(FileChannel channel, long start, long end) {
      this.channel = channel;
      this.at = start;
      this.end = end;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (at >= end) {
        return -1;
      }
      int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, end - at)), at);
      if (n > 0) {
        at += n;
      }
      return n;
    }
  }

  /** Parses one line's object into a row; keeps the name table of its part. */
  private static final class LineParser {
    private final CharNames names;

    LineParser(HistoryColumns.Names ids) {
      this.names = new CharNames(ids);
    }

    void readOp(JsonParser p, Row row) throws IOException {
      row.clear();
      boolean hasProcess = false;
      String field;
      while ((field = p.nextFieldName()) != null) {
        JsonToken t = p.nextToken();
        switch (field) {
          case "index" -> {
            row.index = longField(p, t, field);
            row.hasIndex = true;
          }
          case "time" -> row.time = longField(p, t, field);
          case "process" -> {
            row.process = process(p, t);
            hasProcess = true;
          }
          case "type" -> row.type = type(p, t);
          case "f" -> row.f = names.text(p, t, field);
          case "key" -> row.key = t == JsonToken.VALUE_NULL ? -1 : names.any(p, t);
          case "value" -> readValue(p, t, row);
          case "idempotencyKey" -> row.idempotencyKey = optionalText(p, t);
          case "traceId" -> row.traceId = optionalText(p, t);
          case "endpoint" -> row.endpoint = optionalText(p, t);
          case "error" ->
              row.error =
                  t == JsonToken.VALUE_STRING
                      ? p.getText()
                      : toText(JsonlHistoryReader.value(p, t));
          default -> p.skipChildren();
        }
      }
      if (row.type == null || row.f < 0 || !hasProcess) {
        throw error(p, "an op needs type, f and process");
      }
    }

    /** The value into the row: integers and lists of integers as primitives, the rest as Java. */
    private static void readValue(JsonParser p, JsonToken t, Row row) throws IOException {
      row.object = null;
      if (t == JsonToken.VALUE_NUMBER_INT
          && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
        row.kind = HistoryColumns.LONG;
        row.valueLong = p.getLongValue();
        return;
      }
      if (t == JsonToken.START_ARRAY) {
        row.longCount = 0;
        JsonToken e;
        while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
          if (e == JsonToken.VALUE_NUMBER_INT
              && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            row.addLong(p.getLongValue());
            continue;
          }
          // Not a list of integers: the rest of it as plain Java.
          List<Object> list = row.longsAsList();
          list.add(JsonlHistoryReader.value(p, e));
          while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
            list.add(JsonlHistoryReader.value(p, e));
          }
          row.kind = HistoryColumns.OBJECT;
          row.object = list;
          return;
        }
        row.kind = HistoryColumns.LONGS;
        return;
      }
      Object v = JsonlHistoryReader.value(p, t);
      row.kind = v == null ? HistoryColumns.NONE : HistoryColumns.OBJECT;
      row.object = v;
    }
  }

  /**
   * Keys and function names repeat millions of times in a long history: each is looked up by its
   * characters in the parser's buffer, so a repeated one costs neither a new String nor a HashMap
   * probe. At most {@link #MAX} names are cached here; past that each goes to the id table as a
   * fresh String (the same text, the same id).
   */
  private static final class CharNames {
    static final int MAX = 100_000;
    private final HistoryColumns.Names ids;
    private String[] table = new String[256];
    private int[] tableIds = new int[256];
    private int size;

    CharNames(HistoryColumns.Names ids) {
      this.ids = ids;
    }

    /** The id of the string token's text; an error if the token is not a string. */
    int text(JsonParser p, JsonToken t, String field) throws IOException {
      if (t != JsonToken.VALUE_STRING) {
        throw error(p, field + " must be a string");
      }
      return any(p, t);
    }

    /** The id of the token's text, as {@link JsonParser#getText()} gives it. */
    int any(JsonParser p, JsonToken t) throws IOException {
      if (t != JsonToken.VALUE_STRING) {
        return ids.id(p.getText());
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
          return tableIds[i];
        }
      }
      String s = new String(c, o, n);
      int id = ids.id(s);
      if (size < MAX) {
        put(s, id);
      }
      return id;
    }

    private void put(String s, int id) {
      int mask = table.length - 1;
      int i = mix(s.hashCode()) & mask;
      while (table[i] != null) {
        i = (i + 1) & mask;
      }
      table[i] = s;
      tableIds[i] = id;
      if (++size * 2 > table.length) {
        String[] old = table;
        int[] oldIds = tableIds;
        table = new String[old.length * 2];
        tableIds = new int[old.length * 2];
        size = 0;
        for (int j = 0; j < old.length; j++) {
          if (old[j] != null) {
            put(old[j], oldIds[j]);
          }
        }
      }
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
    if (t == JsonToken.VALUE_NUMBER_INT
        && p.getNumberType() == JsonParser.NumberType.INT
        && p.getIntValue() >= 0) {
      return p.getIntValue();
    }
    throw error(p, "process must be a non-negative integer or \"nemesis\"");
  }

  private static long longField(JsonParser p, JsonToken t, String field) throws IOException {
    if (t != JsonToken.VALUE_NUMBER_INT) {
      throw error(p, field + " must be an integer");
    }
    if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      throw error(
          p, field + " " + p.getText() + " is out of range (-2^63 to 2^63 - 1); it is not wrapped");
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
          list.add(JsonlHistoryReader.value(p, e));
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
}
