package dev.firedrill.check.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class EdnHistoryReaderTest {

  @Test
  void readsAVectorOfOpMaps() {
    History h =
        EdnHistoryReader.read(
            new StringReader(
                "[{:type :invoke, :f :cas, :value [1 2], :process 0, :time 10, :index 0}\n"
                    + " {:type :fail, :f :cas, :value [1 2], :process 0, :time 20, :index 1, :error :mismatch}]"));
    assertThat(h.ops())
        .containsExactly(
            new Op(0, 10, 0, OpType.INVOKE, "cas", null, List.of(1L, 2L), null, null, null),
            new Op(1, 20, 0, OpType.FAIL, "cas", null, List.of(1L, 2L), null, null, "mismatch"));
  }

  @Test
  void readsOneMapPerLineWithNemesisTagsSetsAndNoIndex() {
    History h =
        EdnHistoryReader.read(
            new StringReader(
                "{:type :info, :f :start, :value nil, :process :nemesis}\n"
                    + "{:type :invoke, :f :read, :process 4, :key \"k\"}\n"
                    + "#jepsen.history.Op{:type :ok, :f :read, :value #{3}, :process 4}\n"));
    assertThat(h.ops())
        .containsExactly(
            new Op(0, 0, Op.NEMESIS, OpType.INFO, "start", null, null, null, null, null),
            new Op(1, 0, 4, OpType.INVOKE, "read", "k", null, null, null, null),
            new Op(2, 0, 4, OpType.OK, "read", null, List.of(3L), null, null, null));
  }

  @Test
  void refusesAHistoryThatBreaksItsRulesNamingTheOp() {
    assertThatThrownBy(() ->
            EdnHistoryReader.read(
                new StringReader(
                    "{:type :invoke, :f :read, :process 0}\n"
                        + "{:type :ok, :f :write, :process 0}\n")))
        .isInstanceOf(HistoryFormatException.class)
        .hasMessage(
            "op 1: f 'write' completes process 0's invoke of 'read' at op 0; a completion has its"
                + " invoke's f");
    assertThatThrownBy(() ->
            EdnHistoryReader.read(
                new StringReader(
                    "{:type :invoke, :f :read, :process 0, :index 7}\n"
                        + "{:type :ok, :f :read, :process 0, :index 7}\n")))
        .hasMessage("op 1: index 7 repeats index 7 (op 0); indices strictly increase");
  }

  @Test
  void refusesNestingTooDeepWithoutOverflowingTheStack() {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    assertThatThrownBy(() ->
            EdnHistoryReader.read(
                new StringReader("{:type :invoke, :f :w, :process 0, :value " + deep + "}")))
        .isInstanceOf(HistoryFormatException.class)
        .hasMessageStartingWith("op 0: EDN nested more than 1000 levels deep");
    // Brackets in strings, character literals and comments do not count.
    String text = "\"" + "[".repeat(2000) + "\"";
    String chars = "\\[ ".repeat(2000);
    History h =
        EdnHistoryReader.read(
            new StringReader(
                "; "
                    + "(".repeat(2000)
                    + "\n{:type :invoke, :f :w, :process 0, :value ["
                    + text
                    + " "
                    + chars
                    + "]}"));
    assertThat(h.ops()).hasSize(1);
  }

  @Test
  void refusesAnIndexPastSixtyFourBits() {
    assertThatThrownBy(() ->
            EdnHistoryReader.read(
                new StringReader(
                    "{:type :invoke, :f :read, :process 0, :index 18446744073709551617}")))
        .hasMessageContaining(":index 18446744073709551617 is out of range");
  }

  @Test
  void rejectsWhatIsNotAnOpHistory() {
    assertThatThrownBy(() -> EdnHistoryReader.read(new StringReader("{:type :ok :f :read}")))
        .isInstanceOf(HistoryFormatException.class)
        .hasMessageContaining("op 0")
        .hasMessageContaining(":process");
    assertThatThrownBy(
            () -> EdnHistoryReader.read(new StringReader("{:type :ok :f :read :process \"x\"}")))
        .hasMessageContaining(":process must be");
    assertThatThrownBy(() -> EdnHistoryReader.read(new StringReader("[1 2]")))
        .hasMessageContaining("expected a map");
    assertThatThrownBy(() -> EdnHistoryReader.read(new StringReader("{:type :ok")))
        .isInstanceOf(HistoryFormatException.class);
  }
}
