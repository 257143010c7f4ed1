package dev.firedrill.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code duplicate-payments}: the orders→payments link answers late, orders times out and retries
 * the charge with the same {@code Idempotency-Key}. With the bug payments applies every attempt;
 * without it, one charge per key whatever the retries.
 */
class DuplicatePaymentsIT {
  private final TestingShop shop = new TestingShop();

  @AfterEach
  void stopAll() throws Exception {
    shop.close();
  }

  @Test
  void withTheBugALateAnswerMakesTheRetriedChargeApplyTwice() throws Exception {
    List<JsonNode> charges = chargesAfterALateAnswer("--bug", "duplicate-payments");

    assertThat(charges).hasSizeGreaterThanOrEqualTo(2);
    assertThat(charges)
        .allSatisfy(c -> assertThat(c.get("idempotencyKey").asText()).isEqualTo("order-late-1"));
  }

  @Test
  void withoutTheBugTheKeyIsChargedOnce() throws Exception {
    List<JsonNode> charges = chargesAfterALateAnswer();

    assertThat(charges).hasSize(1);
    assertThat(charges.getFirst().get("idempotencyKey").asText()).isEqualTo("order-late-1");
  }

  /** Places one order through a slow link (504), heals, places it again (201); reads payments. */
  private List<JsonNode> chargesAfterALateAnswer(String... paymentsArgs) throws Exception {
    ShopProcess payments = shop.start("payments", paymentsArgs);
    TestingRelay link = shop.relayTo(payments);
    ShopProcess orders = shop.start("orders", "--payments-url", link.url().toString());
    String order = "{\"orderId\":\"late-1\",\"item\":\"widget\",\"quantity\":1}";

    link.delayResponses(800);
    ShopHttp.Reply unknown = ShopHttp.post(orders.url(), "/orders", order);
    link.heal();
    ShopHttp.Reply placed = ShopHttp.post(orders.url(), "/orders", order);

    assertThat(unknown.status()).as("outcome unknown after every attempt timed out").isEqualTo(504);
    assertThat(placed.status()).isEqualTo(201);
    List<JsonNode> charges = new ArrayList<>();
    ShopHttp.get(payments.url(), "/payments").json().get("payments").forEach(charges::add);
    return charges;
  }
}
