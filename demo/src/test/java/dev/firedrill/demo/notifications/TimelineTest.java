package dev.firedrill.demo.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The timeline in sequence order, and with the clock-order bug in the producer's stamp order. */
class TimelineTest {

  /** Event 3 was stamped by a clock that had jumped 10 s back; event 2 arrived twice. */
  private static Timeline deliveries(boolean byWallClock) {
    Timeline t = new Timeline(byWallClock);
    t.add("e1", 1, 1_000_000L);
    t.add("e1", 2, 1_000_100L);
    t.add("e1", 2, 1_000_100L);
    t.add("e1", 3, 990_200L);
    t.add("e1", 4, 1_000_300L);
    return t;
  }

  @Test
  void theTimelineIsInSequenceOrderWhateverTheClocksSay() {
    assertThat(deliveries(false).read("e1").events()).containsExactly(1L, 2L, 3L, 4L);
  }

  @Test
  void withTheBugAnEventStampedByAClockThatJumpedBackGoesFirst() {
    Timeline.View view = deliveries(true).read("e1");
    assertThat(view.events()).containsExactly(3L, 1L, 2L, 4L);
    assertThat(view.stamps()).containsExactly(990_200L, 1_000_000L, 1_000_100L, 1_000_300L);
  }

  @Test
  void anEntityWithNoEventsIsAbsent() {
    assertThat(new Timeline(false).read("e9")).isNull();
  }
}
