package dev.firedrill.demo.orders;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OrderBookTest {
  private static final OrderView WIDGET = new OrderView("widget", 1, 500, "PAID", "pay-1");
  private static final OrderView OTHER = new OrderView("widget", 2, 1000, "PAID", "pay-2");

  @Test
  void anOrderIsRecordedOnceWithOneEvent() throws Exception {
    OrderBook book = new OrderBook();

    assertThat(book.record("o-1", WIDGET)).isEqualTo(WIDGET);
    assertThat(book.record("o-1", OTHER)).isEqualTo(WIDGET);

    assertThat(book.view().lastOffset()).isEqualTo(1);
    assertThat(book.await(1, 0)).contains(new OrderEvent(1, "o-1", WIDGET));
  }

  @Test
  void awaitingAnEventNotYetAppendedTimesOut() throws Exception {
    OrderBook book = new OrderBook();

    assertThat(book.await(1, 20)).isEmpty();
  }
}
