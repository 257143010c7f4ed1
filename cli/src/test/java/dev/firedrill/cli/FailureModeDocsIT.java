package dev.firedrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.cli.DemoCases.DemoCase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docs/failure-modes/*.md are tests: one guide per failure mode, each with its four sections in
 * order, linked from docs/concepts.md; every {@code ./firedrill} command in them ends with the exit
 * code and output its comment states. {@code lint} commands run through the packaged CLI at the
 * repository root; a drill given in full (a {@code ```yaml file=PATH} block) is written into a
 * folder laid out like the repository and run; {@code run drills/demo/...} commands must be the
 * cases {@link DemoDrillsIT} runs (the drill, its bug on with Fail or off with Pass), which are not
 * run a second time here.
 */
class FailureModeDocsIT {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path GUIDES = ROOT.resolve("docs/failure-modes");
  private static final List<String> SECTIONS =
      List.of("## Symptom", "## The drill", "## What the report shows", "## The fix");
  private static final Pattern FILE_BLOCK =
      Pattern.compile("```yaml file=(\\S+)\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern COMMAND =
      Pattern.compile("^\\s*\\./firedrill (.*?)\\s+#\\s*(.*)$", Pattern.MULTILINE);
  private static final Pattern EXIT = Pattern.compile("exit (\\d)");
  private static final Pattern DEMO_RUN =
      Pattern.compile("run drills/demo/(\\S+) --env FIREDRILL_DEMO_BUGS=(\\S*)");

  static Stream<Path> guides() throws Exception {
    try (Stream<Path> s = Files.list(GUIDES)) {
      return s.filter(p -> p.toString().endsWith(".md")).sorted().toList().stream();
    }
  }

  @Test
  void oneGuidePerFailureModeEachLinkedFromConcepts() throws Exception {
    List<String> names = guides().map(p -> p.getFileName().toString()).toList();
    assertThat(names)
        .containsExactlyInAnyOrder(
            "phantom-writes.md",
            "lost-acknowledged-writes.md",
            "ordering.md",
            "cascades.md",
            "projection-drift.md",
            "races-under-load.md");
    String concepts = Files.readString(ROOT.resolve("docs/concepts.md"));
    for (String name : names) {
      assertThat(concepts).contains("(failure-modes/" + name + ")");
    }
  }

  @ParameterizedTest
  @MethodSource("guides")
  void everyCommandEndsAsItsCommentSays(Path guide, @TempDir Path work) throws Exception {
    String page = Files.readString(guide);
    int at = -1;
    for (String section : SECTIONS) {
      int next = page.indexOf("\n" + section + "\n");
      assertThat(next)
          .as("%s: section %s after the previous one", guide, section)
          .isGreaterThan(at);
      at = next;
    }

    Matcher fm = FILE_BLOCK.matcher(page);
    while (fm.find()) {
      Path file = work.resolve(fm.group(1));
      Files.createDirectories(file.getParent());
      Files.writeString(file, fm.group(2));
    }
    Files.createDirectories(work.resolve("demo/target"));
    Files.createSymbolicLink(
        work.resolve("demo/target/firedrill-demo.jar"),
        ROOT.resolve("demo/target/firedrill-demo.jar"));

    Matcher cm = COMMAND.matcher(page);
    List<String> commands = new ArrayList<>();
    while (cm.find()) {
      String command = cm.group(1).strip();
      String comment = cm.group(2);
      commands.add(command);
      Matcher exit = EXIT.matcher(comment);
      assertThat(exit.find()).as("%s: '%s' states its exit code", guide, command).isTrue();
      int expected = Integer.parseInt(exit.group(1));
      String shown = comment.substring(0, comment.indexOf(';')).strip();
      Matcher demo = DEMO_RUN.matcher(command);
      if (demo.matches()) {
        String file = demo.group(1);
        String bug = demo.group(2);
        List<DemoCase> cases = DemoCases.ALL.stream().filter(c -> c.file().equals(file)).toList();
        assertThat(cases).as("%s: %s is a demo case of DemoDrillsIT", guide, file).hasSize(1);
        assertThat(bug).as(command).isIn("", cases.getFirst().bug());
        assertThat(expected).as(command).isEqualTo(bug.isEmpty() ? 0 : 1);
        assertThat(shown).as(command).isEqualTo(bug.isEmpty() ? "PASS" : "FAIL");
        continue;
      }
      String[] args = command.split("\\s+");
      boolean local = Arrays.stream(args).anyMatch(a -> a.startsWith("my-drills/"));
      PackagedCli.Result r = PackagedCli.run(local ? work : ROOT, args);
      assertThat(r.exit())
          .as("%s: %s%n--- stdout%n%s%n--- stderr%n%s", guide, command, r.out(), r.err())
          .isEqualTo(expected);
      assertThat(r.out()).as(command).contains(shown);
    }
    assertThat(commands).as("%s has commands", guide).isNotEmpty();
  }
}
