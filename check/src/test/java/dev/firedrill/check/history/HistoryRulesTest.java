package dev.firedrill.check.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A JSONL file that breaks a rule of a history is refused with the line that breaks it. */
class HistoryRulesTest {
  @TempDir Path dir;

  private Path file(String... lines) throws IOException {
    return Files.write(dir.resolve("h.jsonl"), List.of(lines));
  }

  private static String op(int process, String type, String f) {
    return "{\"process\":" + process + ",\"type\":\"" + type + "\",\"f\":\"" + f + "\"}";
  }

  @Test
  void aWellFormedHistoryPassesNemesisIncluded() throws IOException {
    Path f =
        file(
            op(0, "invoke", "add"),
            "{\"process\":\"nemesis\",\"type\":\"info\",\"f\":\"inject\"}",
            "{\"process\":\"nemesis\",\"type\":\"info\",\"f\":\"probe\"}",
            "{\"process\":\"nemesis\",\"type\":\"info\",\"f\":\"heal\"}",
            op(0, "ok", "add"),
            op(1, "invoke", "read"));
    assertThat(JsonlHistoryReader.read(f).size()).isEqualTo(6);
  }

  @Test
  void eachRuleNamesItsLineCountingBlankLines() throws IOException {
    assertThatThrownBy(
            () -> JsonlHistoryReader.read(file(op(0, "invoke", "add"), "", op(0, "ok", "read"))))
        .isInstanceOf(HistoryFormatException.class)
        .hasMessage(
            "line 3: f 'read' completes process 0's invoke of 'add' at line 1; a completion has"
                + " its invoke's f");
    assertThatThrownBy(() -> JsonlHistoryReader.read(file(op(2, "fail", "add"))))
        .hasMessage(
            "line 1: a fail of process 2 without an invoke: the process has no operation in"
                + " progress");
    assertThatThrownBy(() ->
            JsonlHistoryReader.read(
                file(op(0, "invoke", "add"), op(0, "ok", "add"), op(0, "ok", "add"))))
        .hasMessage(
            "line 3: a second completion of process 0's invoke at line 1: an invoke has exactly"
                + " one completion");
    assertThatThrownBy(() ->
            JsonlHistoryReader.read(
                file(
                    "{\"index\":4,\"process\":0,\"type\":\"invoke\",\"f\":\"add\"}",
                    "{\"index\":2,\"process\":0,\"type\":\"ok\",\"f\":\"add\"}")))
        .hasMessage("line 2: index 2 comes after index 4 (line 1); indices strictly increase");
  }

  @Test
  void anIndexPastSixtyFourBitsIsRefusedNotWrapped() throws IOException {
    assertThatThrownBy(() ->
            JsonlHistoryReader.read(
                file(
                    "{\"index\":18446744073709551617,\"process\":0,\"type\":\"invoke\",\"f\":\"a\"}")))
        .hasMessage(
            "line 1: index 18446744073709551617 is out of range (-2^63 to 2^63 - 1); it is not"
                + " wrapped");
  }

  @Test
  void processNumbersUpToTheIntegerLimitPairWithoutAHugeTable() throws IOException {
    int p = Integer.MAX_VALUE;
    History h = JsonlHistoryReader.read(file(op(p, "invoke", "add"), op(p, "ok", "add")));
    assertThat(h.operations()).singleElement().satisfies(o -> assertThat(o.ok()).isTrue());
    assertThat(h.columns().pairs()).containsExactly(1, HistoryColumns.COMPLETES);
  }
}
