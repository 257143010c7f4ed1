package dev.firedrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/tutorial.md is a test: its drill files (the {@code ```yaml file=PATH} blocks) are written
 * into a folder laid out like the repository, the snippets of each step must be parts of the
 * finished file, and every {@code ./firedrill} command of its {@code sh} blocks is run, in order,
 * through the packaged CLI ({@code target/firedrill-cli.jar}) against the demo shop's jar, with the
 * exit code and the output its comment states ({@code # PASS; exit 0}). Two kinds are not run here:
 * {@code run --cluster} (no cluster on this machine; parsed by the CLI's own picocli model instead)
 * and {@code demo} (ten runs; each is a case of {@link DemoDrillsIT}). The drill binds the fixed
 * loopback ports 29180, 29181 and 29191.
 */
class TutorialDocsIT {

  private static final Path PAGE = Path.of("..", "docs", "tutorial.md");
  private static final Path DEMO_JAR =
      Path.of("..", "demo", "target", "firedrill-demo.jar").toAbsolutePath().normalize();
  private static final Pattern FILE_BLOCK =
      Pattern.compile("```yaml file=(\\S+)\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern SNIPPET = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern SH_BLOCK = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern EXIT = Pattern.compile("exit (\\d)");

  @Test
  void everyCommandOfTheTutorialRunsWithTheExitCodeAndOutputItStates(@TempDir Path root)
      throws Exception {
    assertThat(PackagedCli.JAR).as("the packaged CLI (./mvnw -pl cli -am package)").isRegularFile();
    assertThat(DEMO_JAR).as("the demo shop's jar (./mvnw -pl demo package)").isRegularFile();
    String page = Files.readString(PAGE);

    Map<String, String> files = new LinkedHashMap<>();
    Matcher fm = FILE_BLOCK.matcher(page);
    while (fm.find()) {
      files.put(fm.group(1), fm.group(2));
      Path file = root.resolve(fm.group(1));
      Files.createDirectories(file.getParent());
      Files.writeString(file, fm.group(2));
    }
    assertThat(files)
        .containsOnlyKeys("my-drills/late-payments.yaml", "my-drills/late-payments-cluster.yaml");
    Files.createDirectories(root.resolve("demo/target"));
    Files.createSymbolicLink(root.resolve("demo/target/firedrill-demo.jar"), DEMO_JAR);

    // The steps build the local file: each snippet's lines are lines of the finished drill.
    List<String> finished = files.get("my-drills/late-payments.yaml").lines().toList();
    Matcher sm = SNIPPET.matcher(page);
    int snippets = 0;
    while (sm.find()) {
      snippets++;
      for (String line : sm.group(1).lines().filter(l -> !l.isBlank()).toList()) {
        assertThat(finished)
            .as("a line of step snippet %d in the finished file", snippets)
            .contains(line);
      }
    }
    assertThat(snippets).isEqualTo(5);

    List<String> ran = new ArrayList<>();
    List<String> parsedOnly = new ArrayList<>();
    Matcher sh = SH_BLOCK.matcher(page);
    while (sh.find()) {
      for (String line : sh.group(1).lines().toList()) {
        if (!line.startsWith("./firedrill ")) {
          continue;
        }
        int hash = line.indexOf('#');
        String command = (hash < 0 ? line : line.substring(0, hash)).strip();
        String comment = hash < 0 ? "" : line.substring(hash + 1).strip();
        String[] args = Arrays.copyOfRange(command.split("\\s+"), 1, command.split("\\s+").length);
        if (args[0].equals("demo")) {
          parsedOnly.add(command);
          Firedrill.commandLine().parseArgs(args);
          continue;
        }
        if (Arrays.asList(args).contains("--cluster")) {
          parsedOnly.add(command);
          var parsed = Firedrill.commandLine().parseArgs(args);
          assertThat(parsed.subcommand().commandSpec().name()).isEqualTo("run");
          continue;
        }
        Matcher exit = EXIT.matcher(comment);
        int expected = exit.find() ? Integer.parseInt(exit.group(1)) : 0;
        PackagedCli.Result r = PackagedCli.run(root, args);
        assertThat(r.exit())
            .as("%s%n--- stdout%n%s%n--- stderr%n%s", command, r.out(), r.err())
            .isEqualTo(expected);
        String shown = comment.contains(";") ? comment.substring(0, comment.indexOf(';')) : "";
        if (!shown.isBlank()) {
          assertThat(r.out()).as(command).contains(shown.strip());
        }
        ran.add(command);
      }
    }

    assertThat(ran).hasSize(6);
    assertThat(parsedOnly).hasSize(2);
    // Step 9's fixed paths, the ones CI reads.
    assertThat(root.resolve("firedrill-results/junit.xml")).isNotEmptyFile();
    assertThat(root.resolve("firedrill-results/late-payments/report.html")).isNotEmptyFile();
    assertThat(Files.readString(root.resolve("firedrill-results/junit.xml")))
        .contains("noDuplicates");
  }
}
