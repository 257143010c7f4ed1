package dev.firedrill.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code oversell}: 16 clients reserve one gizmo each, repeatedly, from a stock of 20. With the bug
 * the check-then-act race drives stock negative; without it stock ends at exactly 0 with 20
 * reserved. Conservation (stock + reserved = initial) holds in both once the calls are done.
 */
class OversellIT {
  private static final int CLIENTS = 16;
  private static final int MAX_CALLS_PER_CLIENT = 20;
  private static final int STOCK = 20;

  private final TestingShop shop = new TestingShop();

  @AfterEach
  void stopAll() throws Exception {
    shop.close();
  }

  @Test
  void withTheBugConcurrentReservationsDriveStockNegative() throws Exception {
    // A race shows only when two clients hit the window together: on a loaded machine one rush
    // may not do it, so rush again (after putting the stock back) up to five times.
    URI inventory = start("--bug", "oversell");
    JsonNode stock = rush(inventory);
    for (int round = 1; round < 5 && stock.at("/stock/gizmo").asInt() >= 0; round++) {
      int reserved = stock.at("/reserved/gizmo").asInt();
      ShopHttp.post(inventory, "/release", "{\"item\":\"gizmo\",\"quantity\":" + reserved + "}");
      stock = rush(inventory);
    }

    assertThat(stock.at("/stock/gizmo").asInt()).isNegative();
    assertThat(stock.at("/stock/gizmo").asInt() + stock.at("/reserved/gizmo").asInt())
        .isEqualTo(STOCK);
  }

  @Test
  void withoutTheBugStockNeverGoesNegative() throws Exception {
    JsonNode stock = stockAfterARush();

    assertThat(stock.at("/stock/gizmo").asInt()).isZero();
    assertThat(stock.at("/reserved/gizmo").asInt()).isEqualTo(STOCK);
  }

  /** Every client reserves until refused (or {@link #MAX_CALLS_PER_CLIENT}); then reads stock. */
  private JsonNode stockAfterARush(String... inventoryArgs) throws Exception {
    return rush(start(inventoryArgs));
  }

  private URI start(String... inventoryArgs) throws Exception {
    List<String> args = new ArrayList<>(List.of("--stock", "gizmo=" + STOCK));
    args.addAll(List.of(inventoryArgs));
    return shop.start("inventory", args.toArray(String[]::new)).url();
  }

  /** Every client reserves until refused, all released at once by a gate. */
  private static JsonNode rush(URI inventory) throws Exception {
    java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
    try (ExecutorService clients = Executors.newFixedThreadPool(CLIENTS)) {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < CLIENTS; i++) {
        done.add(
            clients.submit(() -> {
              gate.await();
              return reserveUntilRefused(inventory);
            }));
      }
      gate.countDown();
      for (Future<?> each : done) {
        each.get();
      }
    }
    JsonNode stock = ShopHttp.get(inventory, "/stock").json();
    System.out.println("stock after the rush: " + stock);
    return stock;
  }

  private static Void reserveUntilRefused(URI inventory) throws Exception {
    for (int call = 0; call < MAX_CALLS_PER_CLIENT; call++) {
      int status =
          ShopHttp.post(inventory, "/reserve", "{\"item\":\"gizmo\",\"quantity\":1}").status();
      if (status == 409) {
        return null;
      }
      assertThat(status).isEqualTo(200);
    }
    return null;
  }
}
