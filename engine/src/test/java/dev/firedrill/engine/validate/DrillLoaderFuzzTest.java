package dev.firedrill.engine.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Property: whatever the text, the loader returns (never throws, never hangs) a result whose
 * problems all have a position and a message, and a document is returned as a drill only when it
 * has no problem. Inputs are seeded mutations of real drills plus hand-made hostile YAML.
 */
class DrillLoaderFuzzTest {

  private static final long SEED = 20261125L;
  private static final int MUTANTS = 3000;
  private static final String ALPHABET = ":-[]{}&*!|>'\"#%@,?\n\t 0123456789abcxyzsm.{{}}~";

  private final DrillLoader loader = new DrillLoader();

  @Test
  void mutatedDrillsGiveProblemsNotExceptions() throws IOException {
    List<String> seeds = seeds();
    Random random = new Random(SEED);
    assertTimeoutPreemptively(
        Duration.ofSeconds(120),
        () -> {
          for (int i = 0; i < MUTANTS; i++) {
            String seed = seeds.get(random.nextInt(seeds.size()));
            String mutant = mutate(seed, random, 1 + random.nextInt(4));
            assertWellFormed(mutant, loadWithin(mutant, Duration.ofSeconds(5)));
          }
        });
  }

  @Test
  void hostileYamlEndsInAProblem() {
    List<String> hostile = new ArrayList<>();
    StringBuilder laughs = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 30; i++) {
      laughs.append("a").append(i).append(": &a").append(i).append(" [");
      laughs.append(("*a" + (i - 1) + ", ").repeat(9)).append("*a").append(i - 1).append("]\n");
    }
    hostile.add(laughs.toString());
    hostile.add("workload: " + "[".repeat(10_000) + "]".repeat(10_000));
    hostile.add("workload: " + "{a: ".repeat(5_000) + "1" + "}".repeat(5_000));
    hostile.add("target: &t\n  processes: [*t]\n");
    hostile.add("target: &t {processes: *t}\n");
    hostile.add("x: " + "a".repeat(DrillLoader.MAX_BYTES + 10));
    hostile.add("\u0000\u0001\u0002");
    hostile.add("\uFEFFtarget: {}\n");
    hostile.add("? [a, b]\n: c\n");
    hostile.add("!!binary aGVsbG8=");
    hostile.add("--- !!python/object:os.system ls\n");
    hostile.add("%YAML 9.9\n---\na: 1\n");
    hostile.add("a: !!int xyz\n");
    for (String text : hostile) {
      LoadResult result = loadWithin(text, Duration.ofSeconds(10));
      assertWellFormed(text, result);
      assertThat(result.problems()).as("hostile input %s", abbreviate(text)).isNotEmpty();
    }
  }

  @Test
  void nonUtf8FilesAreAProblem(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
    Path file = dir.resolve("latin1.yaml");
    Files.write(file, new byte[] {'a', ':', ' ', (byte) 0xE9, '\n'});

    LoadResult result = loader.loadFile(file);

    assertThat(result.problems())
        .extracting(Problem::message)
        .containsExactly("the file is not UTF-8 text");
  }

  private LoadResult loadWithin(String text, Duration limit) {
    return assertTimeoutPreemptively(
        limit, () -> loader.load("fuzz.yaml", text), () -> "hung on: " + abbreviate(text));
  }

  private static void assertWellFormed(String text, LoadResult result) {
    assertThat(result).isNotNull();
    for (Problem p : result.problems()) {
      assertThat(p.line()).as("line of %s in %s", p, abbreviate(text)).isPositive();
      assertThat(p.column()).as("column of %s", p).isPositive();
      assertThat(p.message()).as("message of %s", p).isNotBlank();
      assertThat(p.fix()).as("fix of %s", p).isNotBlank();
    }
    if (!result.drills().isEmpty()) {
      assertThat(result.drills()).allSatisfy(d -> assertThat(d.spec()).isNotNull());
    }
  }

  private static String mutate(String text, Random random, int edits) {
    StringBuilder s = new StringBuilder(text);
    for (int e = 0; e < edits && s.length() > 0; e++) {
      int at = random.nextInt(s.length());
      switch (random.nextInt(5)) {
        case 0 -> s.delete(at, Math.min(s.length(), at + 1 + random.nextInt(20)));
        case 1 -> s.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        case 2 -> s.setLength(at);
        case 3 -> {
          int lineStart = s.lastIndexOf("\n", at) + 1;
          int lineEnd = s.indexOf("\n", at);
          String line = s.substring(lineStart, lineEnd < 0 ? s.length() : lineEnd + 1);
          s.insert(lineStart, line);
        }
        default -> s.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
      }
    }
    return s.toString();
  }

  private static List<String> seeds() throws IOException {
    List<String> seeds = new ArrayList<>();
    seeds.add(DrillLoaderTest.VALID_SPEC);
    Path drills = Path.of("..", "drills");
    try (Stream<Path> files = Files.walk(drills)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        seeds.add(Files.readString(f));
      }
    }
    assertThat(seeds).as("the drill library is found from the engine module").hasSizeGreaterThan(1);
    return seeds;
  }

  private static String abbreviate(String text) {
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }
}
