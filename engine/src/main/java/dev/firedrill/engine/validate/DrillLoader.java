package dev.firedrill.engine.validate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firedrill.engine.model.DrillSpec;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads drill files and validates them: the one validator behind {@code firedrill lint}, the local
 * runner and the operator. A file holds one or more YAML documents, each a {@code Drill} manifest
 * (apiVersion, kind, metadata, spec) or a spec alone. Every problem of every document is returned
 * at once, each with its line, column, field path and fix.
 *
 * <p>Never throws on bad input: whatever the bytes, the result is a list of problems. Input is
 * bounded ({@link #MAX_BYTES}, nesting and alias expansion) so no file makes it hang.
 */
public final class DrillLoader {

  /** Largest drill file read, in bytes. */
  public static final int MAX_BYTES = 1 << 20;

  /** Loads every {@code .yaml}/{@code .yml} file under the given files and folders. */
  public LoadResult load(List<Path> paths) {
    List<LoadedDrill> drills = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    for (Path path : paths) {
      for (Path file : expand(path, problems)) {
        LoadResult one = loadFile(file);
        drills.addAll(one.drills());
        problems.addAll(one.problems());
      }
    }
    return new LoadResult(drills, problems);
  }

  /** Loads one file. */
  public LoadResult loadFile(Path file) {
    String name = file.toString();
    try {
      if (Files.size(file) > MAX_BYTES) {
        return failed(
            name,
            "the file is larger than " + (MAX_BYTES >> 10) + " KiB",
            "split it; a drill is a few KiB");
      }
      String text = decode(Files.readAllBytes(file));
      if (text == null) {
        return failed(name, "the file is not UTF-8 text", "save it as UTF-8");
      }
      Path parent = file.toAbsolutePath().getParent();
      return load(name, file, parent, text);
    } catch (IOException e) {
      return failed(
          name, "cannot read the file: " + e.getMessage(), "check the path and its permissions");
    }
  }

  /**
   * Loads drill text that comes from no file (a custom resource, a test); {@code name} is used in
   * problems and, without metadata.name, as the drill's name.
   */
  public LoadResult load(String name, String text) {
    return load(name, Path.of(name.isEmpty() ? "drill.yaml" : name.replace('\0', '_')), null, text);
  }

  private LoadResult load(String name, Path file, Path baseDir, String text) {
    Report report = new Report(name);
    List<LoadedDrill> drills = new ArrayList<>();
    if (text.length() > MAX_BYTES) {
      report.add(
          Position.START, "", "the text is longer than " + (MAX_BYTES >> 10) + " KiB", "split it");
      return new LoadResult(drills, report.problems());
    }
    try {
      Iterator<Node> documents = yaml().composeAll(new StringReader(text)).iterator();
      int index = 0;
      int held = 0; // documents that are not empty, `null` or `~`
      while (documents.hasNext()) {
        Node document = documents.next();
        index++;
        if (document == null || StructureCheck.isNull(document)) {
          continue;
        }
        held++;
        int before = report.size();
        DrillSpec spec = document(report, document);
        if (spec != null && report.size() == before) {
          drills.add(new LoadedDrill(drillName(document, file, index), name, baseDir, text, spec));
        }
      }
      if (held == 0) {
        report.add(
            Position.START,
            "",
            "the file holds no drill",
            "write a Drill manifest or a drill spec");
      }
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      report.add(
          Position.of(mark),
          "",
          "not valid YAML: " + firstLine(e.getProblem()),
          "fix the YAML syntax here");
    } catch (RuntimeException | StackOverflowError e) {
      // SnakeYAML's limits (aliases, depth, size) and anything else it throws on hostile input.
      report.add(
          Position.START,
          "",
          "not readable as YAML: " + firstLine(String.valueOf(e.getMessage())),
          "fix the YAML syntax; drills need no recursive or repeated aliases");
    }
    return new LoadResult(drills, report.problems());
  }

  private static DrillSpec document(Report report, Node document) {
    StructureCheck structure = new StructureCheck(report);
    boolean manifest = isManifest(document);
    JsonNode tree =
        structure.check(document, manifest ? DrillManifest.class : DrillSpec.class, "", 0);
    if (tree == null || !tree.isObject()) {
      return null;
    }
    String prefix = manifest ? "spec" : "";
    JsonNode specTree = manifest ? tree.get("spec") : tree;
    if (manifest) {
      ManifestRules.check(report, structure.positions(), tree);
    }
    if (specTree == null || !specTree.isObject()) {
      return null;
    }
    DrillSpec spec;
    try {
      spec = (DrillSpec) RecordBinder.bind(specTree, DrillSpec.class);
    } catch (IllegalArgumentException e) {
      report.add(
          Position.of(document),
          prefix,
          "cannot read the drill: " + firstLine(e.getMessage()),
          "check the fields against docs/reference.md");
      return null;
    }
    RuleContext ctx = new RuleContext(spec, prefix, structure.positions(), report);
    TimelineRules.check(ctx);
    WorkloadRules.check(ctx);
    StepRules.check(ctx);
    return spec;
  }

  static boolean isManifest(Node document) {
    if (document instanceof MappingNode mapping) {
      for (NodeTuple t : mapping.getValue()) {
        if (t.getKeyNode() instanceof ScalarNode key
            && (key.getValue().equals("apiVersion")
                || key.getValue().equals("kind")
                || key.getValue().equals("metadata")
                || key.getValue().equals("spec"))) {
          return true;
        }
      }
    }
    return false;
  }

  private static String drillName(Node document, Path file, int index) {
    if (document instanceof MappingNode mapping) {
      for (NodeTuple t : mapping.getValue()) {
        if (t.getKeyNode() instanceof ScalarNode k
            && k.getValue().equals("metadata")
            && t.getValueNode() instanceof MappingNode meta) {
          for (NodeTuple m : meta.getValue()) {
            if (m.getKeyNode() instanceof ScalarNode mk
                && mk.getValue().equals("name")
                && m.getValueNode() instanceof ScalarNode v) {
              return v.getValue();
            }
          }
        }
      }
    }
    Path fileName = file.getFileName();
    String base = fileName == null ? "drill" : fileName.toString().replaceFirst("\\.ya?ml$", "");
    return index > 1 ? base + "-" + index : base;
  }

  private static Yaml yaml() {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(50);
    options.setNestingDepthLimit(50);
    options.setCodePointLimit(MAX_BYTES + 1);
    options.setAllowRecursiveKeys(false);
    options.setAllowDuplicateKeys(true); // reported by StructureCheck, with the path
    return new Yaml(options);
  }

  private static List<Path> expand(Path path, List<Problem> problems) {
    if (Files.isRegularFile(path)) {
      return List.of(path);
    }
    if (Files.exists(path) && !Files.isDirectory(path)) {
      // A FIFO or a device: reading it could block or never end.
      problems.add(
          new Problem(
              path.toString(),
              1,
              1,
              "",
              "not a regular file (a pipe, socket or device)",
              "point at a drill file or a folder of them"));
      return List.of();
    }
    if (!Files.isDirectory(path)) {
      problems.add(
          new Problem(path.toString(), 1, 1, "", "no such file or folder", "check the path"));
      return List.of();
    }
    try (Stream<Path> files = Files.walk(path)) {
      List<Path> found =
          files
              .filter(Files::isRegularFile)
              .filter(p -> p.getFileName().toString().matches(".*\\.ya?ml$"))
              .sorted()
              .toList();
      if (found.isEmpty()) {
        problems.add(
            new Problem(
                path.toString(),
                1,
                1,
                "",
                "no .yaml or .yml files in this folder",
                "point at drill files"));
      }
      return found;
    } catch (IOException | java.io.UncheckedIOException e) {
      problems.add(
          new Problem(
              path.toString(),
              1,
              1,
              "",
              "cannot list the folder: " + e.getMessage(),
              "check its permissions"));
      return List.of();
    }
  }

  private static String decode(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static LoadResult failed(String file, String message, String fix) {
    return new LoadResult(List.of(), List.of(new Problem(file, 1, 1, "", message, fix)));
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    int nl = text.indexOf('\n');
    return (nl < 0 ? text : text.substring(0, nl)).trim();
  }
}
