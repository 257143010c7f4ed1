package dev.firedrill.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code projection-drops}: the orders→history link resets every connection for a while, then
 * heals. Without the bug the projection catches up and equals {@code GET /orders}; with it the
 * events that failed are gone, and the projection stays behind for good.
 */
class ProjectionDropsIT {
  private static final Duration CONVERGE_WITHIN = Duration.ofSeconds(10);

  private final TestingShop shop = new TestingShop();
  private URI orders;
  private URI history;
  private ShopProcess historyProcess;
  private TestingRelay link;

  @AfterEach
  void stopAll() throws Exception {
    shop.close();
  }

  @Test
  void withoutTheBugTheProjectionConvergesAfterResets() throws Exception {
    startShop();

    placeOrdersAcrossAResetWindow();

    awaitConvergence();
    assertThat(view(orders, "/orders").get("orders").size()).isEqualTo(15);
  }

  @Test
  void withoutTheBugARestartedProjectionIsRebuilt() throws Exception {
    startShop();
    placeOrders(1, 5);
    awaitConvergence();

    historyProcess.close();
    historyProcess = shop.start("history");
    history = historyProcess.url();
    link.retarget(history);

    awaitConvergence();
    assertThat(view(history, "/history/orders").get("lastOffset").asLong()).isEqualTo(5);
  }

  @Test
  void withTheBugTheProjectionNeverConverges() throws Exception {
    startShop("--bug", "projection-drops");

    placeOrdersAcrossAResetWindow();

    // The blind publisher makes one attempt per event, in order, and never resends: once the last
    // event went to the projection there is nothing more to come, so what it holds now is final.
    await()
        .atMost(CONVERGE_WITHIN)
        .until(() -> link.forwarded(chunk -> chunk.contains("\"offset\":15")) > 0);
    JsonNode source = view(orders, "/orders");
    JsonNode projection = view(history, "/history/orders");
    assertThat(source.get("lastOffset").asLong()).isEqualTo(15);
    assertThat(projection).isNotEqualTo(source);
    assertThat(projection.get("lastOffset").asLong()).isEqualTo(5);
    assertThat(projection.get("orders").has("p-6")).isFalse();
  }

  private void awaitConvergence() {
    await()
        .atMost(CONVERGE_WITHIN)
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> assertThat(view(history, "/history/orders")).isEqualTo(view(orders, "/orders")));
  }

  private void startShop(String... ordersBugs) throws Exception {
    ShopProcess payments = shop.start("payments");
    historyProcess = shop.start("history");
    link = shop.relayTo(historyProcess);
    String[] args = {
      "--payments-url", payments.url().toString(), "--history-url", link.url().toString()
    };
    orders = shop.start("orders", concat(args, ordersBugs)).url();
    history = historyProcess.url();
  }

  /** 5 orders that reach the projection, 5 while the link resets, 5 after it healed. */
  private void placeOrdersAcrossAResetWindow() throws Exception {
    placeOrders(1, 5);
    await()
        .atMost(CONVERGE_WITHIN)
        .until(() -> view(history, "/history/orders").get("lastOffset").asLong() == 5);
    link.reset(true);
    placeOrders(6, 10);
    // The window counts once the publisher met it: the next event it sent was reset.
    await().atMost(CONVERGE_WITHIN).until(() -> link.resets() > 0);
    link.heal();
    placeOrders(11, 15);
  }

  private void placeOrders(int from, int to) throws Exception {
    for (int i = from; i <= to; i++) {
      String order = "{\"orderId\":\"p-" + i + "\",\"item\":\"gadget\",\"quantity\":" + i + "}";
      assertThat(ShopHttp.post(orders, "/orders", order).status()).isEqualTo(201);
    }
  }

  private static JsonNode view(URI service, String path) throws Exception {
    ShopHttp.Reply reply = ShopHttp.get(service, path);
    assertThat(reply.status()).isEqualTo(200);
    return reply.json();
  }

  private static String[] concat(String[] first, String[] second) {
    String[] all = java.util.Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, all, first.length, second.length);
    return all;
  }
}
