package dev.firedrill.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The GitHub Action (action.yml) and the CI guide (docs/ci.md) agree with each other and with the
 * CLI: every input is used and documented with its default, every option the action passes to
 * {@code firedrill run} exists, and every {@code firedrill} command line of the guide parses with
 * the CLI's picocli model, as {@link DocsExamplesTest} runs the checker pages' commands.
 */
class CiDocsTest {
  private static final Path ACTION = Path.of("..", "action.yml");
  private static final Path GUIDE = Path.of("..", "docs", "ci.md");
  private static final Pattern INPUT_REF = Pattern.compile("inputs\\.([a-z][a-z0-9-]*)");
  private static final Pattern INPUT_ROW =
      Pattern.compile("^\\| `([a-z][a-z0-9-]*)` \\| ([^|]+) \\|", Pattern.MULTILINE);
  private static final Pattern FENCE = Pattern.compile("```[^\\n]*\\n(.*?)```", Pattern.DOTALL);

  @Test
  void everyInputIsUsedByAStepAndEveryReferenceNamesAnInput() throws IOException {
    JsonNode action = action();
    Set<String> declared = fieldNames(action.path("inputs"));
    Set<String> referenced = new LinkedHashSet<>();
    Matcher refs = INPUT_REF.matcher(action.path("runs").toString());
    while (refs.find()) {
      referenced.add(refs.group(1));
    }

    assertThat(declared)
        .containsExactlyInAnyOrder(
            "drills",
            "mode",
            "junit",
            "report-dir",
            "timeout",
            "namespace",
            "java-version",
            "artifact-name");
    assertThat(referenced).containsExactlyInAnyOrderElementsOf(declared);
    assertThat(action.path("inputs").path("drills").path("required").asBoolean()).isTrue();
    assertThat(action.path("runs").path("using").asText()).isEqualTo("composite");
  }

  @Test
  void everyInputIsInTheGuidesTableWithItsDefault() throws IOException {
    JsonNode inputs = action().path("inputs");
    String guide = Files.readString(GUIDE);
    Map<String, String> rows = new LinkedHashMap<>();
    Matcher row = INPUT_ROW.matcher(guide);
    while (row.find()) {
      rows.put(row.group(1), row.group(2).strip());
    }

    for (String input : fieldNames(inputs)) {
      JsonNode spec = inputs.path(input);
      String expected =
          spec.path("required").asBoolean()
              ? "(required)"
              : spec.path("default").asText().isEmpty()
                  ? "(empty)"
                  : "`" + spec.path("default").asText() + "`";
      assertThat(rows).as("docs/ci.md row for input %s", input).containsEntry(input, expected);
      assertThat(spec.path("description").asText()).as(input).isNotBlank();
    }
    assertThat(Integer.parseInt(inputs.path("java-version").path("default").asText()))
        .isGreaterThanOrEqualTo(21);
  }

  @Test
  void stepsDeclareTheirShellAndOutputsComeFromTheRunStep() throws IOException {
    JsonNode action = action();
    Set<String> ids = new LinkedHashSet<>();
    for (JsonNode step : action.path("runs").path("steps")) {
      if (step.has("run")) {
        assertThat(step.path("shell").asText()).as(step.path("name").asText()).isEqualTo("bash");
        assertThat(step.path("run").asText())
            .as("inputs reach scripts through env, never pasted in: %s", step.path("name"))
            .doesNotContain("${{");
      }
      if (step.has("uses")) {
        assertThat(step.path("uses").asText()).matches("[\\w-]+/[\\w-]+@v\\d+");
      }
      if (step.has("id")) {
        ids.add(step.path("id").asText());
      }
    }
    for (String output : fieldNames(action.path("outputs"))) {
      assertThat(action.path("outputs").path(output).path("value").asText())
          .isEqualTo("${{ steps.run.outputs." + output + " }}");
    }
    assertThat(ids).contains("run");
  }

  @Test
  void everyOptionTheActionPassesToFiredrillRunExists() throws IOException {
    String script = runStep(action()).path("run").asText();
    CommandLine.Model.CommandSpec run =
        Firedrill.commandLine().getSubcommands().get("run").getCommandSpec();
    Matcher args = Pattern.compile("args\\+?=\\((.*?)\\)").matcher(script);
    Set<String> options = new LinkedHashSet<>();
    while (args.find()) {
      Matcher option = Pattern.compile("(?:^|\\s)(--[a-z][a-z-]*)").matcher(args.group(1));
      while (option.find()) {
        options.add(option.group(1));
      }
    }

    assertThat(options)
        .containsExactlyInAnyOrder(
            "--junit", "--out", "--cluster", "--wait", "--timeout", "--namespace");
    for (String option : options) {
      assertThat(run.findOption(option)).as("firedrill run " + option).isNotNull();
    }
  }

  @Test
  void everyFiredrillCommandLineOfTheGuideParses() throws IOException {
    List<List<String>> commands = commandLines(Files.readString(GUIDE));
    Set<String> subcommands = new LinkedHashSet<>();

    for (List<String> args : commands) {
      assertThatCode(
              () -> {
                CommandLine.ParseResult parsed =
                    Firedrill.commandLine().parseArgs(args.toArray(String[]::new));
                subcommands.add(parsed.subcommand().commandSpec().name());
              })
          .as("firedrill %s", String.join(" ", args))
          .doesNotThrowAnyException();
    }
    assertThat(commands).hasSizeGreaterThanOrEqualTo(6);
    assertThat(subcommands).containsExactly("run");
    assertThat(commands).anySatisfy(c -> assertThat(c).contains("--cluster", "--wait", "--junit"));
    assertThat(commands)
        .anySatisfy(c -> assertThat(c).doesNotContain("--cluster").contains("--junit"));
  }

  @Test
  void theGuideSaysWhatEachExitCodeMeans() throws IOException {
    String guide = Files.readString(GUIDE);
    assertThat(guide)
        .contains("| 0 | Pass")
        .contains("| 1 | Fail")
        .contains("| 2 | could not run")
        .contains("| 3 | Inconclusive");
    assertThat(Firedrill.PASS).isZero();
    assertThat(Firedrill.FAIL).isEqualTo(1);
    assertThat(Firedrill.CANNOT_RUN).isEqualTo(2);
    assertThat(Firedrill.INCONCLUSIVE).isEqualTo(3);
  }

  /**
   * The arguments of every {@code firedrill} invocation in the page's code blocks: {@code firedrill
   * ...}, {@code ./firedrill ...}, {@code .../firedrill ...} or {@code java -jar
   * ...firedrill-cli.jar ...}, at the start of a line (after a YAML {@code - } or {@code run: }) or
   * after {@code &&}, {@code ;} or {@code (}; continuation lines joined, comments and pipes cut.
   */
  static List<List<String>> commandLines(String page) {
    List<List<String>> out = new ArrayList<>();
    Matcher fence = FENCE.matcher(page);
    while (fence.find()) {
      String block = fence.group(1).replaceAll("\\\\\\n\\s*", " ");
      for (String line : block.split("\\n")) {
        String text = line.strip().replaceFirst("^(\\$ |- |run: )", "");
        List<String> tokens = tokens(text);
        for (int i = 0; i < tokens.size(); i++) {
          boolean start = i == 0 || List.of("&&", ";", "(").contains(tokens.get(i - 1));
          if (!start) {
            continue;
          }
          int args = argsStart(tokens, i);
          if (args >= 0) {
            List<String> command = new ArrayList<>();
            for (int j = args; j < tokens.size() && !isSeparator(tokens.get(j)); j++) {
              command.add(tokens.get(j));
            }
            out.add(command);
          }
        }
      }
    }
    return out;
  }

  /** Where the CLI's arguments start when a command begins at {@code i}; -1 if it is not one. */
  private static int argsStart(List<String> tokens, int i) {
    String command = tokens.get(i);
    if (command.equals("firedrill") || command.endsWith("/firedrill")) {
      return i + 1;
    }
    if (command.equals("java")
        && i + 2 < tokens.size()
        && tokens.get(i + 1).equals("-jar")
        && tokens.get(i + 2).endsWith("firedrill-cli.jar")) {
      return i + 3;
    }
    return -1;
  }

  private static boolean isSeparator(String token) {
    return List.of("&&", "||", ";", "|", ")", ">", "2>&1").contains(token) || token.startsWith("#");
  }

  /** Shell words: whitespace-separated, quotes kept together and removed, ( ) ; as tokens. */
  private static List<String> tokens(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    char quote = 0;
    boolean inWord = false;
    for (char c : line.toCharArray()) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (Character.isWhitespace(c) || c == '(' || c == ')' || c == ';') {
        if (inWord) {
          out.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
        if (!Character.isWhitespace(c)) {
          out.add(String.valueOf(c));
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      out.add(word.toString());
    }
    return out;
  }

  @Test
  void theCommandLineReaderFindsTheForms() {
    String page =
        """
        ```yaml
        - (cd x && ./mvnw package) && ./firedrill run a.yaml --junit j.xml # note
          - java -jar .fd/cli/target/firedrill-cli.jar run --cluster b.yaml \\
              --wait | tee log
        helm install firedrill ./helm/firedrill
        ```
        """;
    assertThat(commandLines(page))
        .containsExactly(
            List.of("run", "a.yaml", "--junit", "j.xml"),
            List.of("run", "--cluster", "b.yaml", "--wait"));
  }

  static JsonNode runStep(JsonNode action) {
    for (JsonNode step : action.path("runs").path("steps")) {
      if ("run".equals(step.path("id").asText())) {
        return step;
      }
    }
    throw new AssertionError("action.yml has no step with id run");
  }

  static JsonNode action() throws IOException {
    return new YAMLMapper().readTree(ACTION.toFile());
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new LinkedHashSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
