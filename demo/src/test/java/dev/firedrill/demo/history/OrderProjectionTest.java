package dev.firedrill.demo.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.demo.orders.OrderEvent;
import dev.firedrill.demo.orders.OrderView;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OrderProjectionTest {
  private static final OrderView WIDGET = new OrderView("widget", 1, 500, "PAID", "pay-1");
  private static final OrderView GADGET = new OrderView("gadget", 1, 1200, "PAID", "pay-2");

  @Test
  void appliesTheNextOffsetAndAcknowledgesRepeats() {
    OrderProjection projection = new OrderProjection();

    assertThat(projection.apply(new OrderEvent(1, "o-1", WIDGET)))
        .isEqualTo(new OrderProjection.Ack(1, true, false));
    assertThat(projection.apply(new OrderEvent(1, "o-1", WIDGET)))
        .isEqualTo(new OrderProjection.Ack(1, false, false));
    assertThat(projection.view().orders()).isEqualTo(Map.of("o-1", WIDGET));
  }

  @Test
  void refusesAGapAndSaysWhereToResume() {
    OrderProjection projection = new OrderProjection();
    projection.apply(new OrderEvent(1, "o-1", WIDGET));

    assertThat(projection.apply(new OrderEvent(3, "o-3", GADGET)))
        .isEqualTo(new OrderProjection.Ack(1, false, true));
    assertThat(projection.view().lastOffset()).isEqualTo(1);
    assertThat(projection.view().orders()).containsOnlyKeys("o-1");
  }
}
