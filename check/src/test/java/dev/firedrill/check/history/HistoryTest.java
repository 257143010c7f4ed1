package dev.firedrill.check.history;

import static dev.firedrill.check.history.Dsl.h;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryTest {

  @Test
  void pairsEachInvocationWithTheNextCompletionOfItsProcess() {
    History history = h("0 invoke write 1", "1 invoke read", "1 ok read 1", "0 info write 1");
    List<Operation> ops = history.operations();
    assertThat(ops).hasSize(2);
    assertThat(ops.get(0).invoke().index()).isEqualTo(0);
    assertThat(ops.get(0).completion().index()).isEqualTo(3);
    assertThat(ops.get(0).indeterminate()).isTrue();
    assertThat(ops.get(1).value()).isEqualTo(1L);
    assertThat(ops.get(1).ok()).isTrue();
  }

  @Test
  void anInvocationWithoutCompletionIsIndeterminate() {
    History history = h("0 invoke write 1", "1 invoke write 2", "1 ok write 2");
    Operation open = history.operations().get(0);
    assertThat(open.completion()).isNull();
    assertThat(open.outcome()).isEqualTo(OpType.INFO);
    assertThat(open.completeIndex()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void nemesisOpsPairSeparatelyAndAreNotClientOperations() {
    History history =
        h("n info start-partition", "0 invoke add 1", "n info start-partition", "0 ok add 1");
    assertThat(history.operations()).hasSize(2);
    assertThat(history.clientOperations()).hasSize(1);
    assertThat(history.clientOperations("read")).isEmpty();
  }

  @Test
  void aCompletionWithoutInvocationStandsAlone() {
    History history = h("0 ok read 3");
    assertThat(history.operations()).singleElement().satisfies(o -> assertThat(o.ok()).isTrue());
  }

  @Test
  void columnPairsAreTheOperations() {
    java.util.Random random = new java.util.Random(3);
    for (int seed = 0; seed < 200; seed++) {
      List<Op> ops = new java.util.ArrayList<>();
      for (int i = 0; i < 300; i++) {
        int process = random.nextInt(6) == 0 ? Op.NEMESIS : random.nextInt(4);
        OpType type = OpType.values()[random.nextInt(4)];
        ops.add(new Op(i, i, process, type, "f", null, null, null, null, null));
      }
      History history = History.of(ops);
      int[] pairs = HistoryColumns.of(ops).pairs();
      List<String> fromPairs = new java.util.ArrayList<>();
      for (int row = 0; row < pairs.length; row++) {
        if (pairs[row] != HistoryColumns.COMPLETES) {
          fromPairs.add(row + "-" + pairs[row]);
        }
      }
      assertThat(fromPairs)
          .isEqualTo(
              history.operations().stream()
                  .map(o ->
                      o.invoke().index()
                          + "-"
                          + (o.completion() == null ? -1 : o.completion().index()))
                  .toList());
    }
  }
}
