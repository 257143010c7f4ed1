package dev.firedrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.check.checker.Anomaly;
import dev.firedrill.check.checker.Result;
import dev.firedrill.check.checker.Validity;
import dev.firedrill.engine.model.InvariantSpec;
import dev.firedrill.engine.model.InvariantType;
import dev.firedrill.engine.model.Verdict;
import dev.firedrill.engine.run.RunResult;
import dev.firedrill.engine.workload.OpenLoop;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the console prints quotes the system under test (run messages, anomaly explanations,
 * progress lines): an answer with ESC, CR, NUL or a newline must neither act on the terminal nor
 * print a line of its own (a fake {@code PASS}).
 */
class ConsoleOutputTest {

  /** Clears the screen, returns to the line's start, prints a verdict line of its own. */
  private static final String FORGED = "\u001b[2J\u001b[H\rok\ndrill: PASS\0";

  @TempDir Path dir;

  @Test
  void theRunSummaryShowsControlsAsEscapesOnItsOwnLines() {
    Result r =
        new Result(
            "no-lost-writes",
            Validity.INVALID,
            List.of(Anomaly.invalid("lost", "k", "write " + FORGED + " lost", List.of())),
            Map.of("checked", 3L),
            List.of());
    RunResult run =
        new RunResult(
            "etcd",
            1,
            "r1",
            Verdict.FAIL,
            "service said " + FORGED,
            List.of(
                new RunResult.InvariantResult(
                    new InvariantSpec(
                        InvariantType.NO_LOST_WRITES, null, null, null, null, null, null, null),
                    r)),
            new OpenLoop.Stats(3, 0, 3, 0, 0),
            List.of(),
            List.of(),
            Duration.ofSeconds(1),
            dir);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    RunCommand.summary(run, out);
    new RunCommand.ConsoleListener(out).progress("probe api: " + FORGED);
    String text = bytes.toString(StandardCharsets.UTF_8);

    assertThat(text.lines())
        .containsExactly(
            "etcd: FAIL — service said \\x1b[2J\\x1b[H\\rok\\ndrill: PASS\\0",
            "  noLostWrites   invalid (evidence: 3 checked)",
            "    lost: write \\x1b[2J\\x1b[H\\rok\\ndrill: PASS\\0 lost",
            "  report: " + dir.resolve("report.html"),
            "  probe api: \\x1b[2J\\x1b[H\\rok\\ndrill: PASS\\0");
    assertThat(text.chars().filter(c -> c < 0x20 && c != '\n')).isEmpty();
  }

  @Test
  void checkPrintsAHostileValueAsEscapes() throws IOException {
    // A string kv: put "a", then a get answers what the system chose; the explanation quotes it.
    String v = "\\u001b]0;owned\\u0007\\r";
    Path f =
        Files.writeString(
            dir.resolve("h.jsonl"),
            String.join(
                    "\n",
                    "{\"process\":0,\"type\":\"invoke\",\"f\":\"put\",\"key\":\"k\",\"value\":\"a\"}",
                    "{\"process\":0,\"type\":\"ok\",\"f\":\"put\",\"key\":\"k\",\"value\":\"a\"}",
                    "{\"process\":1,\"type\":\"invoke\",\"f\":\"get\",\"key\":\"k\"}",
                    "{\"process\":1,\"type\":\"ok\",\"f\":\"get\",\"key\":\"k\",\"value\":\""
                        + v
                        + "\"}")
                + "\n");
    StringWriter out = new StringWriter();
    var cli = Firedrill.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(new StringWriter()));
    assertThat(cli.execute("check", f.toString(), "--model", "string-kv"))
        .isEqualTo(Firedrill.FAIL);
    assertThat(out.toString()).contains("\\x1b]0;owned\\x07\\r");
    assertThat(out.toString().chars().filter(c -> c < 0x20 && c != '\n' && c != '\t')).isEmpty();
  }
}
