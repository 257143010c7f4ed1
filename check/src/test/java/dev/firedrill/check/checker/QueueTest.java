package dev.firedrill.check.checker;

import static dev.firedrill.check.checker.Verdicts.summary;
import static dev.firedrill.check.history.Dsl.h;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueueTest {
  private final Queue queue = new Queue();

  @Test
  void everyAcknowledgedMessageDeliveredOnceIsValid() {
    Result r =
        queue.check(
            h(
                "0 invoke enqueue 1",
                "0 ok enqueue 1",
                "0 invoke enqueue 2",
                "0 ok enqueue 2",
                "1 invoke dequeue",
                "1 ok dequeue 1",
                "1 invoke drain",
                "1 ok drain [2]"));
    assertThat(r.validity()).isEqualTo(Validity.VALID);
    assertThat(r.stats())
        .containsEntry("enqueued", 2)
        .containsEntry("delivered", 2)
        .containsEntry("lost", 0L);
  }

  @Test
  void anAcknowledgedMessageNeverDeliveredIsLostOnceDrained() {
    Result r =
        queue.check(h("0 invoke enqueue 1", "0 ok enqueue 1", "1 invoke drain", "1 ok drain []"));
    assertThat(summary(r)).containsExactly("lost[invalid] ops=[1]");
    Result undrained = queue.check(h("0 invoke enqueue 1", "0 ok enqueue 1"));
    assertThat(summary(undrained)).containsExactly("undrained[unknown] ops=[1]");
    assertThat(undrained.validity()).isEqualTo(Validity.UNKNOWN);
  }

  @Test
  void aMessageDeliveredTwiceIsDuplicated() {
    Result r =
        queue.check(
            h(
                "0 invoke enqueue 1",
                "0 ok enqueue 1",
                "1 invoke dequeue",
                "1 ok dequeue 1",
                "2 invoke dequeue",
                "2 ok dequeue 1",
                "1 invoke drain",
                "1 ok drain []"));
    assertThat(summary(r)).containsExactly("duplicated[invalid] ops=[0, 3, 5]");
  }

  @Test
  void aMessageNeverEnqueuedOrWhoseEnqueueFailedIsUnexpected() {
    Result r =
        queue.check(
            h(
                "0 invoke enqueue 2",
                "0 fail enqueue 2",
                "1 invoke dequeue",
                "1 ok dequeue 9",
                "1 invoke dequeue",
                "1 ok dequeue 2"));
    assertThat(summary(r))
        .containsExactly("unexpected[invalid] ops=[1, 5]", "unexpected[invalid] ops=[3]");
  }

  @Test
  void anIndeterminateEnqueueDeliveredIsRecovered() {
    Result r =
        queue.check(
            h("0 invoke enqueue 1", "0 info enqueue 1", "1 invoke drain", "1 ok drain [1]"));
    assertThat(r.validity()).isEqualTo(Validity.VALID);
    assertThat(r.stats()).containsEntry("recovered", 1L);
  }
}
