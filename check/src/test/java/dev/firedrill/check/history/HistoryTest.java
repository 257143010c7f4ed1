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
}
