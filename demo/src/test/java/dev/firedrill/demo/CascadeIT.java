package dev.firedrill.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code no-timeout}: the orders→payments link answers after 3 s while clients keep placing orders.
 * With the bug every orders worker waits on payments and {@code GET /catalog}, which does not touch
 * payments, stalls too; without it (timeout, breaker, bulkhead) the catalog stays fast.
 */
class CascadeIT {
  private static final int CONCURRENT_ORDERS = 16;
  private static final Duration FAST = Duration.ofMillis(1000);
  private static final Duration STALLED = Duration.ofMillis(1500);

  /**
   * Orders' worker threads ({@code OrdersService.WORKERS}): with the bug each waits on payments.
   */
  private static final int ORDERS_WORKERS = 8;

  /** Payment calls the guarded client lets wait at once ({@code PaymentsClient}'s bulkhead). */
  private static final int PAYMENTS_BULKHEAD = 4;

  private final TestingShop shop = new TestingShop();
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @AfterEach
  void stopAll() throws Exception {
    shop.close();
    client.shutdownNow();
  }

  @Test
  void withTheBugSlowPaymentsStallTheCatalog() throws Exception {
    URI orders = ordersWithSlowPayments(ORDERS_WORKERS, "--bug", "no-timeout");

    assertThat(catalogLatencies(orders))
        .allSatisfy(latency -> assertThat(latency).isGreaterThanOrEqualTo(STALLED));
  }

  @Test
  void withoutTheBugTheCatalogStaysFast() throws Exception {
    URI orders = ordersWithSlowPayments(PAYMENTS_BULKHEAD);

    assertThat(catalogLatencies(orders))
        .allSatisfy(latency -> assertThat(latency).isLessThan(FAST));
  }

  /**
   * Orders whose payments answer 3 s late, with 16 orders sent (not awaited) and at least {@code
   * waiting} payment calls held at the slow link: the load the catalog reads are measured under.
   */
  private URI ordersWithSlowPayments(int waiting, String... ordersArgs) throws Exception {
    ShopProcess payments = shop.start("payments");
    TestingRelay link = shop.relayTo(payments).delayResponses(3_000);
    List<String> args = new ArrayList<>(List.of("--payments-url", link.url().toString()));
    args.addAll(List.of(ordersArgs));
    URI orders = shop.start("orders", args.toArray(String[]::new)).url();
    ShopHttp.get(orders, "/catalog");
    for (int i = 0; i < CONCURRENT_ORDERS; i++) {
      String body = "{\"orderId\":\"slow-" + i + "\",\"item\":\"widget\",\"quantity\":1}";
      client.sendAsync(
          HttpRequest.newBuilder(orders.resolve("/orders"))
              .timeout(Duration.ofSeconds(20))
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build(),
          HttpResponse.BodyHandlers.discarding());
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> link.forwarded(chunk -> chunk.startsWith("POST /payments")) >= waiting);
    return orders;
  }

  /** Two catalog reads, each cut at {@link #STALLED} (a cut read counts as that long). */
  private List<Duration> catalogLatencies(URI orders) throws Exception {
    List<Duration> latencies = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      long start = System.nanoTime();
      try {
        assertThat(ShopHttp.get(orders, "/catalog", STALLED).status()).isEqualTo(200);
        latencies.add(Duration.ofNanos(System.nanoTime() - start));
      } catch (HttpTimeoutException e) {
        latencies.add(STALLED);
      }
    }
    return latencies;
  }
}
