package dev.firedrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every example in docs/checkers.md is a test: each history block is written to its file, the
 * command after it is run, and its output must be exactly what the page shows.
 */
class DocsExamplesTest {
  private static final Pattern EXAMPLE =
      Pattern.compile(
          "```\\w+ file=(\\S+)\\n(.*?)```\\s*```console\\n\\$ firedrill (.*?)\\n(.*?)```",
          Pattern.DOTALL);

  @TempDir Path dir;

  @Test
  void everyCheckerExampleProducesTheOutputShown() throws Exception {
    String page = Files.readString(Path.of("..", "docs", "checkers.md"));
    Matcher m = EXAMPLE.matcher(page);
    int examples = 0;
    while (m.find()) {
      examples++;
      String name = m.group(1);
      Path file = Files.writeString(dir.resolve(name), m.group(2));
      List<String> args = new ArrayList<>();
      for (String arg : m.group(3).split(" ")) {
        args.add(arg.equals(name) ? file.toString() : arg);
      }
      StringWriter out = new StringWriter();
      var cli = Firedrill.commandLine();
      cli.setOut(new PrintWriter(out));
      cli.setErr(new PrintWriter(new StringWriter()));
      int code = cli.execute(args.toArray(String[]::new));
      assertThat(out.toString().replace(file.toString(), name)).as(name).isEqualTo(m.group(4));
      // The exit code the verdict shown implies.
      String verdict = m.group(4).lines().findFirst().orElse("").replaceAll(".*\t", "");
      int expected =
          switch (verdict) {
            case "valid" -> Firedrill.PASS;
            case "invalid" -> Firedrill.FAIL;
            case "unknown" -> Firedrill.INCONCLUSIVE;
            default -> Firedrill.CANNOT_RUN;
          };
      assertThat(code).as(name).isEqualTo(expected);
    }
    assertThat(examples).isEqualTo(10);
  }
}
