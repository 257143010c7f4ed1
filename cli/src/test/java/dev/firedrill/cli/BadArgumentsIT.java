package dev.firedrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad arguments and unreadable input end with one line naming the argument or file and the fix, and
 * exit 2 ("could not run"), before anything runs: never a stack trace, never exit 1 or 0.
 */
class BadArgumentsIT {

  private static final String DRILL = Path.of("../drills/phantom-writes.yaml").toString();

  @TempDir Path dir;

  /** The command line in-process, with System.out and System.err captured too. */
  private record Ran(int code, String out, String err) {}

  private static Ran run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
    try {
      CliRun r = CliRun.of(args);
      return new Ran(
          r.exitCode(),
          r.out() + o.toString(StandardCharsets.UTF_8),
          r.err() + e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void runOutNamingAFileIsRefusedBeforeTheRun() throws Exception {
    Path file = Files.writeString(dir.resolve("afile"), "x");

    Ran r = run("run", DRILL, "--out", file.toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).doesNotContain("running");
    assertThat(r.err().lines())
        .containsExactly(
            "firedrill run: --out "
                + file
                + ": is a file, not a folder (fix: give a folder; it is made if missing)");
    assertThat(Files.readString(file)).isEqualTo("x");
  }

  @Test
  void runOutThatCannotBeMadeIsRefusedBeforeTheRun() throws Exception {
    Path file = Files.writeString(dir.resolve("afile"), "x");
    Path under = file.resolve("runs");

    Ran r = run("run", DRILL, "--out", under.toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().lines())
        .singleElement()
        .asString()
        .startsWith("firedrill run: --out " + under + ": cannot write there: ")
        .endsWith("(fix: give a folder this user may create and write)");
  }

  @Test
  void runReportDirNamingAFileIsRefused() throws Exception {
    Path file = Files.writeString(dir.resolve("afile"), "x");

    Ran r = run("run", DRILL, "--report-dir", file.toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("firedrill run: --report-dir " + file + ": is a file");
  }

  @Test
  void aFileThatHoldsNoDrillIsAnErrorForLintAndRun() throws Exception {
    for (String text : new String[] {"---\n", "null\n", "~\n"}) {
      Path empty = Files.writeString(dir.resolve("empty.yaml"), text);
      String line =
          empty + ":1:1: the file holds no drill (fix: write a Drill manifest or a drill spec)";

      Ran lint = run("lint", empty.toString());
      assertThat(lint.code()).as(text).isEqualTo(2);
      assertThat(lint.err()).as(text).startsWith(line);

      Ran drill = run("run", empty.toString(), "--out", dir.resolve("runs").toString());
      assertThat(drill.code()).as(text).isEqualTo(2);
      assertThat(drill.err()).as(text).startsWith(line);
      assertThat(dir.resolve("runs")).doesNotExist();
    }
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void lintOfAFifoSaysItIsNoRegularFileAndDoesNotBlock() throws Exception {
    Path fifo = dir.resolve("drill.yaml");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assertThat(mkfifo.waitFor()).isZero();

    Ran r = run("lint", fifo.toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .startsWith(
            fifo
                + ":1:1: not a regular file (a pipe, socket or device) (fix: point at a drill file"
                + " or a folder of them)");
  }
}
