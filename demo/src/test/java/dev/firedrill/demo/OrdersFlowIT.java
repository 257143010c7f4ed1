package dev.firedrill.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The shop without bugs and without faults, end to end: orders reserves stock, charges once per
 * order, records it, and answers reads; when payments cannot be reached the outcome is reported
 * honestly (504 unknown, then 503 once the breaker opens) and unused stock goes back.
 */
class OrdersFlowIT {
  private final TestingShop shop = new TestingShop();

  @AfterEach
  void stopAll() throws Exception {
    shop.close();
  }

  @Test
  void ordersReserveChargeAndRecord() throws Exception {
    ShopProcess payments = shop.start("payments");
    ShopProcess inventory = shop.start("inventory", "--stock", "gizmo=2");
    URI orders =
        shop.start(
                "orders",
                "--payments-url",
                payments.url().toString(),
                "--inventory-url",
                inventory.url().toString())
            .url();

    ShopHttp.Reply first = place(orders, "f-1");
    ShopHttp.Reply again = place(orders, "f-1");
    ShopHttp.Reply second = place(orders, "f-2");
    ShopHttp.Reply soldOut = place(orders, "f-3");

    assertThat(first.status()).isEqualTo(201);
    assertThat(first.json().get("amount").asLong()).isEqualTo(9900);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json()).isEqualTo(first.json());
    assertThat(second.status()).isEqualTo(201);
    assertThat(soldOut.status()).isEqualTo(409);
    assertThat(ShopHttp.get(orders, "/orders").json().get("orders").size()).isEqualTo(2);
    assertThat(ShopHttp.get(orders, "/orders/f-2").json().get("status").asText()).isEqualTo("PAID");
    assertThat(ShopHttp.get(orders, "/orders/f-3").status()).isEqualTo(404);
    assertThat(ShopHttp.get(payments.url(), "/payments").json().get("count").asInt()).isEqualTo(2);
    assertThat(ShopHttp.get(inventory.url(), "/stock").json().at("/reserved/gizmo").asInt())
        .isEqualTo(2);
  }

  @Test
  void unreachablePaymentsAreUnknownThenFailFast() throws Exception {
    ShopProcess payments = shop.start("payments");
    TestingRelay link = shop.relayTo(payments).reset(true);
    ShopProcess inventory = shop.start("inventory", "--stock", "widget=10");
    URI orders =
        shop.start(
                "orders",
                "--payments-url",
                link.url().toString(),
                "--inventory-url",
                inventory.url().toString())
            .url();

    for (int i = 1; i <= 5; i++) {
      assertThat(place(orders, "u-" + i, "widget").status()).as("order u-%d", i).isEqualTo(504);
    }
    ShopHttp.Reply fastFail = place(orders, "u-6", "widget");

    assertThat(fastFail.status()).isEqualTo(503);
    assertThat(fastFail.json().get("error").asText()).contains("circuit breaker is open");
    // Five orders may have been charged, so their stock stays reserved; u-6 gave its unit back.
    assertThat(ShopHttp.get(inventory.url(), "/stock").json().at("/reserved/widget").asInt())
        .isEqualTo(5);
    assertThat(ShopHttp.get(orders, "/orders").json().get("orders").size()).isZero();
  }

  private static ShopHttp.Reply place(URI orders, String id) throws Exception {
    return place(orders, id, "gizmo");
  }

  private static ShopHttp.Reply place(URI orders, String id, String item) throws Exception {
    String order = "{\"orderId\":\"" + id + "\",\"item\":\"" + item + "\",\"quantity\":1}";
    return ShopHttp.post(orders, "/orders", order);
  }
}
