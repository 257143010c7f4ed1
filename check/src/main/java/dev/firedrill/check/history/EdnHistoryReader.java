package dev.firedrill.check.history;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import us.bpsm.edn.EdnException;
import us.bpsm.edn.Keyword;
import us.bpsm.edn.Named;
import us.bpsm.edn.TaggedValue;
import us.bpsm.edn.parser.Parseable;
import us.bpsm.edn.parser.Parser;
import us.bpsm.edn.parser.Parsers;

/**
 * Reads a history recorded by Jepsen: either one EDN vector of op maps, or one op map per line
 * (Jepsen's {@code history.edn}). Each map has {@code :type} ({@code :invoke :ok :fail :info}),
 * {@code :f}, {@code :process} (an integer or {@code :nemesis}), and optionally {@code :value},
 * {@code :index}, {@code :time} (ns) and {@code :error}. A missing index becomes the position.
 * Tagged values (such as Jepsen's {@code #jepsen.history.Op{...}}) are read as their content.
 * Values become plain Java: keywords and symbols become their names, sets become lists. An op may
 * carry {@code :key} (as Porcupine's kv histories do). Nesting deeper than {@value
 * NestingLimit#MAX_DEPTH} levels, and a history that breaks the rules of {@link HistoryRules}, are
 * refused naming the op by its position ({@code op 0} is the first).
 */
public final class EdnHistoryReader {
  private static final Keyword INDEX = Keyword.newKeyword("index");
  private static final Keyword TIME = Keyword.newKeyword("time");
  private static final Keyword PROCESS = Keyword.newKeyword("process");
  private static final Keyword TYPE = Keyword.newKeyword("type");
  private static final Keyword F = Keyword.newKeyword("f");
  private static final Keyword VALUE = Keyword.newKeyword("value");
  private static final Keyword KEY = Keyword.newKeyword("key");
  private static final Keyword ERROR = Keyword.newKeyword("error");
  private static final Keyword NEMESIS = Keyword.newKeyword("nemesis");

  private EdnHistoryReader() {}

  /** Reads the whole file into a history. */
  public static History read(Path file) throws IOException {
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(in);
    }
  }

  /** Reads every op from the reader into a history. */
  public static History read(Reader in) {
    Parser parser = Parsers.newParser(Parsers.defaultConfiguration());
    Parseable source = Parsers.newParseable(new NestingLimit(in));
    List<Op> ops = new ArrayList<>();
    try {
      Object form;
      while ((form = parser.nextValue(source)) != Parser.END_OF_INPUT) {
        form = untag(form);
        if (form instanceof List<?> vector) {
          for (Object each : vector) {
            ops.add(op(untag(each), ops.size()));
          }
        } else {
          ops.add(op(form, ops.size()));
        }
      }
    } catch (EdnException e) {
      throw new HistoryFormatException("op " + ops.size() + ": " + e.getMessage(), e);
    } catch (NestingLimit.TooDeep e) {
      throw new HistoryFormatException(
          "op " + ops.size() + ": " + e.getMessage() + "; a history nests a few levels", e);
    }
    History history = History.of(ops);
    HistoryRules.Violation broken = HistoryRules.check(history.columns());
    if (broken != null) {
      throw new HistoryFormatException(broken.describe(row -> "op " + row));
    }
    return history;
  }

  private static Op op(Object form, long position) {
    if (!(form instanceof Map<?, ?> m)) {
      throw new HistoryFormatException("op " + position + ": expected a map, found " + form);
    }
    try {
      Object type = m.get(TYPE);
      Object f = m.get(F);
      if (type == null || f == null || !m.containsKey(PROCESS)) {
        throw new IllegalArgumentException("an op needs :type, :f and :process");
      }
      return new Op(
          m.containsKey(INDEX) ? integer(m.get(INDEX), "index") : position,
          m.containsKey(TIME) ? integer(m.get(TIME), "time") : 0L,
          process(m.get(PROCESS)),
          OpType.fromWire(name(type)),
          name(f),
          m.get(KEY) == null ? null : String.valueOf(plain(m.get(KEY))),
          plain(m.get(VALUE)),
          null,
          null,
          m.get(ERROR) == null ? null : String.valueOf(plain(m.get(ERROR))));
    } catch (IllegalArgumentException e) {
      throw new HistoryFormatException("op " + position + ": " + e.getMessage() + " in " + m, e);
    }
  }

  private static int process(Object p) {
    if (NEMESIS.equals(p)) {
      return Op.NEMESIS;
    }
    if (p instanceof Long l && l >= 0 && l <= Integer.MAX_VALUE) {
      return (int) (long) l;
    }
    throw new IllegalArgumentException(":process must be a non-negative integer or :nemesis");
  }

  private static long integer(Object v, String field) {
    if (v instanceof Long l) {
      return l;
    }
    if (v instanceof BigInteger b) {
      throw new IllegalArgumentException(
          ":" + field + " " + b + " is out of range (-2^63 to 2^63 - 1); it is not wrapped");
    }
    throw new IllegalArgumentException(":" + field + " must be an integer");
  }

  private static String name(Object v) {
    return switch (v) {
      case Named n -> n.getName();
      case String s -> s;
      default -> throw new IllegalArgumentException("expected a keyword, found " + v);
    };
  }

  private static Object untag(Object form) {
    return form instanceof TaggedValue t ? t.getValue() : form;
  }

  /** An EDN value as plain Java (see the class comment). */
  static Object plain(Object v) {
    return switch (v) {
      case null -> null;
      case Long l -> l;
      case BigInteger b -> b.bitLength() < 64 ? (Object) b.longValue() : b;
      case BigDecimal d -> d.doubleValue();
      case Named n -> n.getName();
      case Character c -> String.valueOf(c);
      case TaggedValue t -> plain(t.getValue());
      case Map<?, ?> map -> {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, val) -> out.put(String.valueOf(plain(k)), plain(val)));
        yield out;
      }
      case Collection<?> c -> {
        List<Object> out = new ArrayList<>(c.size());
        c.forEach(e -> out.add(plain(e)));
        yield out;
      }
      default -> v;
    };
  }
}
