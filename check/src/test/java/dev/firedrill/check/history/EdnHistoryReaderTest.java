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
                    + "#jepsen.history.Op{:type :ok, :f :read, :value #{3}, :process 4}\n"));
    assertThat(h.ops())
        .containsExactly(
            new Op(0, 0, Op.NEMESIS, OpType.INFO, "start", null, null, null, null, null),
            new Op(1, 0, 4, OpType.OK, "read", null, List.of(3L), null, null, null));
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
