package dev.firedrill.demo.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class StockTest {

  @Test
  void reservationsMoveUnitsAndRefuseWhatIsNotThere() throws Exception {
    Stock stock = new Stock(Map.of("gizmo", 2), false, Duration.ZERO);

    assertThat(stock.reserve("gizmo", 2)).isEqualTo(new Stock.Reservation(true, "gizmo", 2, 0));
    assertThat(stock.reserve("gizmo", 1)).isEqualTo(new Stock.Reservation(false, "gizmo", 1, 0));
    assertThat(stock.release("gizmo", 1)).isEqualTo(1);
    assertThat(stock.snapshot())
        .isEqualTo(new Stock.Snapshot(Map.of("gizmo", 1), Map.of("gizmo", 1), Map.of("gizmo", 2)));
  }

  @Test
  void concurrentReservationsNeverOversell() throws Exception {
    Stock stock = new Stock(Map.of("gizmo", 1), false, Duration.ofMillis(20));

    rush(stock, 8);

    assertThat(stock.snapshot().stock()).containsEntry("gizmo", 0);
  }

  @Test
  void withTheBugConcurrentReservationsOversell() throws Exception {
    Stock stock = new Stock(Map.of("gizmo", 1), true, Duration.ofMillis(50));

    rush(stock, 8);

    Stock.Snapshot after = stock.snapshot();
    assertThat(after.stock().get("gizmo")).isNegative();
    assertThat(after.stock().get("gizmo") + after.reserved().get("gizmo")).isEqualTo(1);
  }

  /** {@code threads} reservations of one unit, released at the same instant. */
  private static void rush(Stock stock, int threads) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<Stock.Reservation>> done = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        done.add(
            pool.submit(() -> {
              go.await();
              return stock.reserve("gizmo", 1);
            }));
      }
      go.countDown();
      for (Future<Stock.Reservation> each : done) {
        each.get();
      }
    }
  }
}
