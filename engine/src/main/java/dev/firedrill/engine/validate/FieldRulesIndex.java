package dev.firedrill.engine.validate;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link FieldRules} of every record, and the wire name of every enum constant, of a drill
 * file, read from their annotations once at build time and kept in the jar as {@value #RESOURCE}.
 *
 * <p>Why: reading an annotation through reflection makes a proxy class for each annotation type on
 * first use. The seven types the field rules are written with (and their meta-annotations) cost
 * 33–39 ms of a 0.25 s {@code firedrill lint}, the structure check itself 2–4 ms
 * (docs/benchmarks.md, "Start time of the CLI"). Reading this file instead makes no proxy.
 *
 * <p>Never stale: the build writes it from the compiled classes ({@code engine/pom.xml},
 * process-classes), and a record whose components differ from its rows (a class compiled without
 * the build) falls back to reflection, as does a record the file does not hold. {@code
 * FieldRulesIndexTest} checks the file against reflection for every type it holds.
 */
final class FieldRulesIndex {

  /** The file's name, beside this class in the jar. */
  static final String RESOURCE = "field-rules.tsv";

  private static final String NULL = "\\N";

  private final Map<String, List<String[]>> records;
  private final Map<String, String> enumWireNames;

  private FieldRulesIndex(Map<String, List<String[]>> records, Map<String, String> enumWireNames) {
    this.records = records;
    this.enumWireNames = enumWireNames;
  }

  /** Writes the index of every type a drill file holds: {@code java ... FieldRulesIndex FILE}. */
  public static void main(String[] args) throws IOException {
    Path out = Path.of(args[0]);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, write(List.of(DrillManifest.class)), StandardCharsets.UTF_8);
  }

  /** The index's text for the given root records and every type reachable from them. */
  static String write(List<Class<?>> roots) {
    Set<Class<?>> types = new LinkedHashSet<>();
    for (Class<?> root : roots) {
      reach(root, types);
    }
    StringBuilder out = new StringBuilder();
    for (Class<?> type : types) {
      if (type.isRecord()) {
        Map<String, FieldRules> fields = FieldRules.read(type);
        RecordComponent[] components = type.getRecordComponents();
        int i = 0;
        for (FieldRules f : fields.values()) {
          row(
              out,
              "R",
              type.getName(),
              components[i++].getName(),
              f.wireName(),
              f.required() ? "1" : "0",
              f.min() == null ? null : Double.toString(f.min()),
              f.max() == null ? null : Double.toString(f.max()),
              f.minItems() == null ? null : Long.toString(f.minItems()),
              f.pattern(),
              f.description());
        }
      } else {
        for (Object constant : type.getEnumConstants()) {
          Enum<?> e = (Enum<?>) constant;
          row(out, "E", type.getName(), e.name(), StructureCheck.reflectedWireName(e));
        }
      }
    }
    return out.toString();
  }

  /** The index in the jar; empty when there is none (a build that skipped writing it). */
  static FieldRulesIndex loaded() {
    return Loaded.INDEX;
  }

  /** Parses an index's text. */
  static FieldRulesIndex parse(String text) {
    Map<String, List<String[]>> records = new HashMap<>();
    Map<String, String> enums = new HashMap<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      String[] cells = line.split("\t", -1);
      for (int i = 0; i < cells.length; i++) {
        cells[i] = unescape(cells[i]);
      }
      if (cells[0].equals("R") && cells.length == 10) {
        records.computeIfAbsent(cells[1], k -> new ArrayList<>()).add(cells);
      } else if (cells[0].equals("E") && cells.length == 4) {
        enums.put(cells[1] + "#" + cells[2], cells[3]);
      }
    }
    return new FieldRulesIndex(records, enums);
  }

  /**
   * The rules of a record's fields, by wire name in declaration order; empty when the index does
   * not hold the record or holds other components for it.
   */
  Optional<Map<String, FieldRules>> rules(Class<?> recordClass) {
    List<String[]> rows = records.get(recordClass.getName());
    RecordComponent[] components = recordClass.getRecordComponents();
    if (rows == null || components == null || rows.size() != components.length) {
      return Optional.empty();
    }
    Map<String, FieldRules> fields = new LinkedHashMap<>();
    for (int i = 0; i < components.length; i++) {
      String[] row = rows.get(i);
      if (!row[2].equals(components[i].getName())) {
        return Optional.empty();
      }
      fields.put(
          row[3],
          new FieldRules(
              row[3],
              components[i].getGenericType(),
              row[9],
              row[4].equals("1"),
              row[5] == null ? null : Double.valueOf(row[5]),
              row[6] == null ? null : Double.valueOf(row[6]),
              row[7] == null ? null : Long.valueOf(row[7]),
              row[8]));
    }
    return Optional.of(fields);
  }

  /** The wire name of an enum constant; empty when the index does not hold it. */
  Optional<String> wireName(Enum<?> constant) {
    return Optional.ofNullable(
        enumWireNames.get(constant.getDeclaringClass().getName() + "#" + constant.name()));
  }

  private static void reach(Type type, Set<Class<?>> types) {
    if (type instanceof ParameterizedType p) {
      for (Type argument : p.getActualTypeArguments()) {
        reach(argument, types);
      }
    }
    Class<?> raw = StructureCheck.rawClass(type);
    if ((raw.isRecord() || raw.isEnum()) && types.add(raw) && raw.isRecord()) {
      for (RecordComponent rc : raw.getRecordComponents()) {
        reach(rc.getGenericType(), types);
      }
    }
  }

  private static void row(StringBuilder out, String... cells) {
    for (int i = 0; i < cells.length; i++) {
      out.append(i == 0 ? "" : "\t").append(escape(cells[i]));
    }
    out.append('\n');
  }

  private static String escape(String cell) {
    if (cell == null) {
      return NULL;
    }
    return cell.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
  }

  private static String unescape(String cell) {
    if (cell.equals(NULL)) {
      return null;
    }
    if (cell.indexOf('\\') < 0) {
      return cell;
    }
    StringBuilder out = new StringBuilder(cell.length());
    for (int i = 0; i < cell.length(); i++) {
      char c = cell.charAt(i);
      if (c == '\\' && i + 1 < cell.length()) {
        char next = cell.charAt(++i);
        out.append(next == 't' ? '\t' : next == 'n' ? '\n' : next);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Read on first use; a missing or unreadable file is an empty index. */
  private static final class Loaded {
    static final FieldRulesIndex INDEX = read();

    private static FieldRulesIndex read() {
      try (InputStream in = FieldRulesIndex.class.getResourceAsStream(RESOURCE)) {
        return parse(in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        return parse("");
      }
    }
  }
}
