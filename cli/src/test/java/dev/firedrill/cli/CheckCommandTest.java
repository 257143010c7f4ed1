package dev.firedrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CheckCommandTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = Firedrill.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  private Path file(String name, String... lines) throws IOException {
    return Files.write(dir.resolve(name), java.util.List.of(lines));
  }

  private static final String ADD_OK =
      "{\"process\":0,\"type\":\"invoke\",\"f\":\"add\",\"value\":1}\n"
          + "{\"process\":0,\"type\":\"ok\",\"f\":\"add\",\"value\":1}";

  @Test
  void aValidHistoryExitsZeroWithOneLine() throws IOException {
    Path f =
        file(
            "ok.jsonl",
            ADD_OK,
            "{\"process\":1,\"type\":\"invoke\",\"f\":\"read\"}",
            "{\"process\":1,\"type\":\"ok\",\"f\":\"read\",\"value\":[1]}");
    assertThat(run("check", f.toString(), "--model", "set")).isEqualTo(Firedrill.PASS);
    assertThat(out.toString())
        .isEqualTo(
            f
                + "\tvalid\n"
                + "  no-lost-writes: {checked=1, reads=1, attempted=1, acknowledged=1, failed=0,"
                + " indeterminate=0, recovered=0, stable=1, lost=0, stale=0, unexpected=0,"
                + " neverRead=0}\n"
                + "  no-duplicates: {checked=1, writes=1, reads=1, duplicates=0}\n");
  }

  @Test
  void anInvalidHistoryExitsOneAndExplainsEachAnomaly() throws IOException {
    Path f =
        file(
            "lost.jsonl",
            ADD_OK,
            "{\"process\":1,\"type\":\"invoke\",\"f\":\"read\"}",
            "{\"process\":1,\"type\":\"ok\",\"f\":\"read\",\"value\":[]}");
    assertThat(run("check", f.toString())).isEqualTo(Firedrill.FAIL);
    // Inferred: add and a read of a list is a set. The empty read also leaves NoDuplicates with
    // nothing to check, which it says.
    assertThat(out.toString())
        .isEqualTo(
            f
                + "\tinvalid\n  lost (invalid): element 1 was acknowledged by op 1 (p0 ok add 1, t=0.000"
                + " ms), then absent from op 3 (p1 ok read [], t=0.000 ms) and every later read\n"
                + "  nothing-to-check (unknown): nothing to check: 1 write(s) and 1 ok read(s), but"
                + " no read returned an effect\n"
                + "  no-lost-writes: {checked=1, reads=1, attempted=1, acknowledged=1, failed=0,"
                + " indeterminate=0, recovered=0, stable=0, lost=1, stale=0, unexpected=0,"
                + " neverRead=0}\n"
                + "  no-duplicates: {checked=0, writes=1, reads=1, duplicates=0}\n");
  }

  @Test
  void manyFilesAreCheckedSideBySideYetPrintedInTheirOrder() throws IOException {
    // 40 files, every seventh lost and every eleventh unreadable: whichever worker finishes first,
    // each file's lines come in the order of the arguments, stdout's and stderr's alike.
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("check"));
    StringBuilder expectedOut = new StringBuilder();
    StringBuilder expectedErr = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      Path f;
      if (i % 11 == 5) {
        f = dir.resolve("missing-" + i + ".jsonl");
        expectedOut.append(f).append("\terror\n");
        expectedErr.append(f).append(": cannot read history: ");
      } else {
        boolean lost = i % 7 == 3;
        f =
            file(
                "h" + i + ".jsonl",
                ADD_OK,
                "{\"process\":1,\"type\":\"invoke\",\"f\":\"read\"}",
                "{\"process\":1,\"type\":\"ok\",\"f\":\"read\",\"value\":"
                    + (lost ? "[]" : "[1]")
                    + "}");
        expectedOut.append(f).append(lost ? "\tinvalid\n" : "\tvalid\n");
      }
      args.add(f.toString());
    }
    args.add("--model");
    args.add("set");

    assertThat(run(args.toArray(String[]::new))).isEqualTo(Firedrill.FAIL);
    String fileLines =
        out.toString()
            .lines()
            .filter(l -> !l.startsWith("  "))
            .map(l -> l + "\n")
            .reduce("", String::concat);
    assertThat(fileLines).isEqualTo(expectedOut.toString());
    String errPrefixes =
        err.toString()
            .lines()
            .map(l -> l.substring(0, l.indexOf(": cannot read history: ") + 23))
            .reduce("", String::concat);
    assertThat(errPrefixes).isEqualTo(expectedErr.toString());
  }

  @Test
  void aStaleSetReadIsANoteUnlessTheSetMustBeLinearizable() throws IOException {
    Path f =
        file(
            "stale.jsonl",
            ADD_OK,
            "{\"process\":1,\"type\":\"invoke\",\"f\":\"read\"}",
            "{\"process\":1,\"type\":\"ok\",\"f\":\"read\",\"value\":[]}",
            "{\"process\":1,\"type\":\"invoke\",\"f\":\"read\"}",
            "{\"process\":1,\"type\":\"ok\",\"f\":\"read\",\"value\":[1]}");
    assertThat(run("check", f.toString(), "--model", "set")).isEqualTo(Firedrill.PASS);
    assertThat(out.toString()).contains(f + "\tvalid\n  stale (valid): element 1 was known");
    out.getBuffer().setLength(0);
    assertThat(run("check", f.toString(), "--model", "set", "--linearizable"))
        .isEqualTo(Firedrill.FAIL);
    assertThat(out.toString())
        .startsWith(
            f
                + "\tinvalid\n  stale (invalid): element 1 was known at index 1 but absent from op 3"
                + " (p1 ok read [], t=0.000 ms), and present again later\n"
                + "  no-lost-writes: {checked=1, reads=2,");
  }

  @Test
  void aHistoryWithoutFinalReadExitsThree() throws IOException {
    Path f = file("open.jsonl", ADD_OK);
    assertThat(run("check", f.toString(), "--model", "set")).isEqualTo(Firedrill.INCONCLUSIVE);
    assertThat(out.toString()).startsWith(f + "\tunknown\n  never-read (unknown): ");
  }

  @Test
  void anUnreadableFileExitsTwoUnlessAnotherIsInvalid() throws IOException {
    Path bad = file("bad.jsonl", "{\"process\":0,");
    assertThat(run("check", bad.toString())).isEqualTo(Firedrill.CANNOT_RUN);
    assertThat(out.toString()).isEqualTo(bad + "\terror\n");
    assertThat(err.toString()).startsWith(bad + ": cannot read history: line 2");
    Path lost =
        file(
            "lost.jsonl",
            ADD_OK,
            "{\"process\":1,\"type\":\"invoke\",\"f\":\"read\"}",
            "{\"process\":1,\"type\":\"ok\",\"f\":\"read\",\"value\":[]}");
    assertThat(run("check", bad.toString(), lost.toString())).isEqualTo(Firedrill.FAIL);
    assertThat(run("check", dir.resolve("missing.jsonl").toString()))
        .isEqualTo(Firedrill.CANNOT_RUN);
    err.getBuffer().setLength(0);
    assertThat(run("check", lost.toString(), "--model", "nope")).isEqualTo(Firedrill.CANNOT_RUN);
    assertThat(err.toString())
        .isEqualTo(
            "--model nope: no such model; use one of register, cas-register, kv, string-kv, set,"
                + " counter, queue, bank, events, convergence\n");
  }

  @Test
  void aJepsenEdnCasRegisterHistoryIsCheckedWithAnInitialValue() throws IOException {
    Path edn =
        file(
            "h.edn",
            "{:type :invoke, :f :read, :value nil, :process 0, :time 0}",
            "{:type :ok, :f :read, :value 0, :process 0, :time 1000000}");
    assertThat(run("check", edn.toString(), "--model", "cas-register")).isEqualTo(Firedrill.FAIL);
    assertThat(out.toString()).contains("nonlinearizable (invalid): not linearizable");
    assertThat(run("check", edn.toString(), "--model", "cas-register", "--initial", "0"))
        .isEqualTo(Firedrill.PASS);
  }

  @Test
  void jsonPrintsTheWholeResultWithEvidence() throws IOException {
    Path f =
        file(
            "lost.jsonl",
            ADD_OK.replace("\"value\":1}", "\"value\":1,\"traceId\":\"t-9\"}"),
            "{\"process\":1,\"type\":\"invoke\",\"f\":\"read\"}",
            "{\"process\":1,\"type\":\"ok\",\"f\":\"read\",\"value\":[]}");
    assertThat(run("check", f.toString(), "--json", "--format", "jsonl")).isEqualTo(Firedrill.FAIL);
    assertThat(out.toString())
        .contains("\"validity\" : \"invalid\"")
        .contains("\"kind\" : \"lost\"")
        .contains("\"traceId\" : \"t-9\"")
        .contains("\"checker\" : \"no-lost-writes\"");
  }
}
