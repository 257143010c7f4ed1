package dev.firedrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The false assurances issue 11 found in {@code firedrill check}, each replayed: a history with
 * nothing the model can check is never {@code valid}, an op the model does not know is a one-line
 * error, the model is inferred only when unambiguous, a history that breaks its own rules is
 * refused with its line, and numbers are compared exactly.
 */
class CheckRefusalsTest {
  @TempDir Path dir;

  private Path file(String name, String... lines) throws IOException {
    return Files.write(dir.resolve(name), List.of(lines));
  }

  private static String jsonl(int process, String type, String f, String key, String value) {
    return "{\"process\":"
        + process
        + ",\"type\":\""
        + type
        + "\",\"f\":\""
        + f
        + "\""
        + (key == null ? "" : ",\"key\":\"" + key + "\"")
        + (value == null ? "" : ",\"value\":" + value)
        + "}";
  }

  /** A Porcupine-style string kv history: get, put and append, correct. */
  private Path getPutAppend() throws IOException {
    return file(
        "kv.jsonl",
        jsonl(0, "invoke", "put", "a", "\"x\""),
        jsonl(0, "ok", "put", "a", "\"x\""),
        jsonl(1, "invoke", "append", "a", "\"y\""),
        jsonl(1, "ok", "append", "a", "\"y\""),
        jsonl(2, "invoke", "get", "a", null),
        jsonl(2, "ok", "get", "a", "\"xy\""));
  }

  private Path register() throws IOException {
    return file(
        "register.jsonl",
        jsonl(0, "invoke", "write", null, "1"),
        jsonl(0, "ok", "write", null, "1"),
        jsonl(1, "invoke", "read", null, null),
        jsonl(1, "ok", "read", null, "1"));
  }

  private static void assertOneLineError(CliRun run, Path file, String... parts) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(Firedrill.CANNOT_RUN);
    assertThat(run.out()).isEqualTo(file + "\terror\n");
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
    for (String part : parts) {
      assertThat(run.err()).contains(part);
    }
  }

  @Test
  void kvOnGetPutAppendNamesTheModelThatTakesThem() throws IOException {
    Path f = getPutAppend();
    CliRun run = CliRun.of("check", f.toString(), "--model", "kv");
    assertOneLineError(run, f, "'put'", "model kv", "string-kv", "line 1");
  }

  @Test
  void aGetPutAppendHistoryIsCheckedAsStringKvWithTheRightVerdict() throws IOException {
    Path ok = getPutAppend();
    CliRun run = CliRun.of("check", ok.toString());
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(Firedrill.PASS);
    assertThat(run.out()).startsWith(ok + "\tvalid\n  linearizable: {checked=1,");
    Path stale =
        file(
            "stale.jsonl",
            jsonl(0, "invoke", "put", "a", "\"x\""),
            jsonl(0, "ok", "put", "a", "\"x\""),
            jsonl(1, "invoke", "append", "a", "\"y\""),
            jsonl(1, "ok", "append", "a", "\"y\""),
            jsonl(2, "invoke", "get", "a", null),
            jsonl(2, "ok", "get", "a", "\"x\""));
    CliRun bad = CliRun.of("check", stale.toString(), "--model", "string-kv");
    assertThat(bad.exitCode()).isEqualTo(Firedrill.FAIL);
    assertThat(bad.out()).contains("nonlinearizable (invalid): key a: not linearizable");
  }

  @Test
  void queueAndBankOnARegisterHistoryAreErrorsNotValid() throws IOException {
    Path f = register();
    assertOneLineError(
        CliRun.of("check", f.toString(), "--model", "queue"),
        f,
        "'write'",
        "model queue",
        "cas-register");
    assertOneLineError(
        CliRun.of("check", f.toString(), "--model", "bank"), f, "'write'", "model bank");
  }

  @Test
  void anEmptyHistoryIsNothingToCheckNeverValid() throws IOException {
    Path f = file("empty.jsonl");
    CliRun run = CliRun.of("check", f.toString(), "--model", "set");
    assertThat(run.exitCode()).isEqualTo(Firedrill.INCONCLUSIVE);
    assertThat(run.out())
        .startsWith(f + "\tunknown\n")
        .contains("nothing-to-check (unknown): nothing to check:");
    CliRun inferred = CliRun.of("check", f.toString());
    assertOneLineError(inferred, f, "--model");
  }

  @Test
  void aJepsenMultiRegisterTxnHistoryIsAnErrorForCasRegister() throws IOException {
    Path f =
        file(
            "txn.edn",
            "{:type :invoke, :f :txn, :value [[:r 1 nil] [:w 2 3]], :process 0, :index 0}",
            "{:type :ok, :f :txn, :value [[:r 1 4] [:w 2 3]], :process 0, :index 1}");
    CliRun run = CliRun.of("check", f.toString(), "--model", "cas-register");
    assertOneLineError(run, f, "'txn'", "model cas-register", "no model takes 'txn'");
  }

  @Test
  void aTwoKeyKvHistoryIsInferredAsKvNotOneRegister() throws IOException {
    Path f =
        file(
            "two-keys.jsonl",
            jsonl(0, "invoke", "write", "a", "\"1\""),
            jsonl(0, "ok", "write", "a", "\"1\""),
            jsonl(1, "invoke", "write", "b", "\"2\""),
            jsonl(1, "ok", "write", "b", "\"2\""),
            jsonl(2, "invoke", "read", "a", null),
            jsonl(2, "ok", "read", "a", "\"1\""),
            jsonl(3, "invoke", "read", "b", null),
            jsonl(3, "ok", "read", "b", "\"2\""));
    CliRun run = CliRun.of("check", f.toString());
    assertThat(run.exitCode()).as(run.out()).isEqualTo(Firedrill.PASS);
    assertThat(run.out()).contains("registers=2");
  }

  @Test
  void anAmbiguousHistoryAsksForTheModel() throws IOException {
    // add and read, but no read returned anything: a set or a counter?
    Path f =
        file(
            "ambiguous.jsonl",
            jsonl(0, "invoke", "add", null, "1"),
            jsonl(0, "ok", "add", null, "1"),
            jsonl(1, "invoke", "read", null, null),
            jsonl(1, "fail", "read", null, null));
    assertOneLineError(CliRun.of("check", f.toString()), f, "--model set", "--model counter");
  }

  @Test
  void aHistoryThatBreaksItsOwnRulesIsRefusedWithItsLine() throws IOException {
    Path dup =
        file(
            "dup.jsonl",
            "{\"index\":0,\"process\":0,\"type\":\"invoke\",\"f\":\"add\",\"value\":1}",
            "{\"index\":0,\"process\":0,\"type\":\"ok\",\"f\":\"add\",\"value\":1}");
    assertOneLineError(
        CliRun.of("check", dup.toString(), "--model", "set"), dup, "line 2", "index");
    Path down =
        file(
            "down.jsonl",
            "{\"index\":5,\"process\":0,\"type\":\"invoke\",\"f\":\"add\",\"value\":1}",
            "{\"index\":3,\"process\":0,\"type\":\"ok\",\"f\":\"add\",\"value\":1}");
    assertOneLineError(
        CliRun.of("check", down.toString(), "--model", "set"), down, "line 2", "index 3");
    Path orphan = file("orphan.jsonl", jsonl(4, "ok", "add", null, "1"));
    assertOneLineError(
        CliRun.of("check", orphan.toString(), "--model", "set"),
        orphan,
        "line 1",
        "without an invoke");
    Path twice =
        file(
            "twice.jsonl",
            jsonl(0, "invoke", "add", null, "1"),
            jsonl(0, "ok", "add", null, "1"),
            jsonl(0, "info", "add", null, "1"));
    assertOneLineError(
        CliRun.of("check", twice.toString(), "--model", "set"),
        twice,
        "line 3",
        "second completion",
        "line 1");
    Path other =
        file(
            "other.jsonl",
            jsonl(0, "invoke", "add", null, "1"),
            jsonl(0, "ok", "read", null, "[1]"));
    assertOneLineError(
        CliRun.of("check", other.toString(), "--model", "set"), other, "line 2", "'add'", "'read'");
    Path edn =
        file(
            "orphan.edn",
            "{:type :invoke, :f :write, :value 1, :process 0}",
            "{:type :ok, :f :write, :value 1, :process 0}",
            "{:type :ok, :f :read, :value 1, :process 1}");
    assertOneLineError(
        CliRun.of("check", edn.toString(), "--model", "cas-register"),
        edn,
        "op 2",
        "without an invoke");
  }

  @Test
  void aTimeLimitOutOfRangeIsOneLineNamingTheArgument() throws IOException {
    Path f = register();
    CliRun run =
        CliRun.of(
            "check", f.toString(), "--model", "register", "--time-limit", "999999999999999999");
    assertThat(run.exitCode()).isEqualTo(Firedrill.CANNOT_RUN);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.err()).contains("--time-limit").contains("999999999999999999");
  }

  @Test
  void anEdnHistoryNestedTooDeepIsRefusedNotAStackOverflow() throws IOException {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    Path f = file("deep.edn", "{:type :invoke, :f :write, :value " + deep + ", :process 0}");
    CliRun run = CliRun.of("check", f.toString(), "--model", "register");
    assertOneLineError(run, f, "nested");
  }

  @Test
  void numbersPastSixtyFourBitsAreComparedExactlyNotWrapped() throws IOException {
    Path register =
        file(
            "big.jsonl",
            jsonl(0, "invoke", "write", null, "18446744073709551617"),
            jsonl(0, "ok", "write", null, "18446744073709551617"),
            jsonl(1, "invoke", "read", null, null),
            jsonl(1, "ok", "read", null, "1"));
    assertThat(CliRun.of("check", register.toString(), "--model", "register").exitCode())
        .isEqualTo(Firedrill.FAIL);
    // Two adds of 2^63 - 1 total 2^64 - 2, which wraps to -2 in a long.
    String max = "9223372036854775807";
    Path counter =
        file(
            "counter.jsonl",
            jsonl(0, "invoke", "add", null, max),
            jsonl(0, "ok", "add", null, max),
            jsonl(0, "invoke", "add", null, max),
            jsonl(0, "ok", "add", null, max),
            jsonl(1, "invoke", "read", null, null),
            jsonl(1, "ok", "read", null, "-2"));
    assertThat(CliRun.of("check", counter.toString(), "--model", "counter").exitCode())
        .isEqualTo(Firedrill.FAIL);
    // 2^63 - 1 + 2^63 - 1 + 2 is 2^64, which wraps to 0 in a long: the same total as 0 + 0.
    Path bank =
        file(
            "bank.jsonl",
            jsonl(0, "invoke", "read", null, null),
            jsonl(0, "ok", "read", null, "{\"a\":0,\"b\":0}"),
            jsonl(0, "invoke", "read", null, null),
            jsonl(0, "ok", "read", null, "{\"a\":" + max + ",\"b\":" + max + ",\"c\":2}"));
    assertThat(CliRun.of("check", bank.toString(), "--model", "bank").exitCode())
        .isEqualTo(Firedrill.FAIL);
    // A version past 2^64 read before a version of 1: time went backwards.
    Path events =
        file(
            "events.jsonl",
            jsonl(0, "invoke", "read", "e", null),
            jsonl(0, "ok", "read", "e", "18446744073709551617"),
            jsonl(0, "invoke", "read", "e", null),
            jsonl(0, "ok", "read", "e", "1"));
    assertThat(CliRun.of("check", events.toString(), "--model", "events").exitCode())
        .isEqualTo(Firedrill.FAIL);
  }
}
