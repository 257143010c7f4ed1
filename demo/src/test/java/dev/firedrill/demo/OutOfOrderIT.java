package dev.firedrill.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code out-of-order}: per-entity events reach notifications out of order. With the bug a late
 * event rolls the entity back (its applied sequence regresses); without it late events are ignored
 * and the sequence only grows.
 */
class OutOfOrderIT {
  private static final int ENTITIES = 4;
  private static final int EVENTS_PER_ENTITY = 30;

  private final TestingShop shop = new TestingShop();

  @AfterEach
  void stopAll() throws Exception {
    shop.close();
  }

  @Test
  void withTheBugALateEventRollsTheEntityBack() throws Exception {
    URI notifications = shop.start("notifications", "--bug", "out-of-order").url();

    JsonNode entity = deliverDirectly(notifications, 1, 3, 2);

    assertThat(entity.get("seq").asLong()).isEqualTo(2);
    assertThat(entity.get("regressions").asLong()).isEqualTo(1);
  }

  @Test
  void withoutTheBugALateEventIsIgnored() throws Exception {
    URI notifications = shop.start("notifications").url();

    JsonNode entity = deliverDirectly(notifications, 1, 3, 2);

    assertThat(entity.get("seq").asLong()).isEqualTo(3);
    assertThat(entity.get("ignored").asLong()).isEqualTo(1);
    assertThat(sequences(entity)).containsExactly(1L, 3L);
  }

  @Test
  void withTheBugJitteredForwardingMakesSequencesRegress() throws Exception {
    List<JsonNode> entities = forwardThroughJitter("--bug", "out-of-order");

    assertThat(entities).anySatisfy(e -> assertThat(e.get("regressions").asLong()).isPositive());
  }

  @Test
  void withoutTheBugJitteredForwardingNeverRegresses() throws Exception {
    List<JsonNode> entities = forwardThroughJitter();

    assertThat(entities)
        .allSatisfy(e -> {
          assertThat(e.get("seq").asLong()).isEqualTo(EVENTS_PER_ENTITY);
          assertThat(e.get("regressions").asLong()).isZero();
          assertThat(sequences(e)).isSorted().doesNotHaveDuplicates();
        });
  }

  private static JsonNode deliverDirectly(URI notifications, long... seqs) throws Exception {
    for (long seq : seqs) {
      String event = "{\"entityId\":\"e1\",\"seq\":" + seq + ",\"payload\":\"v" + seq + "\"}";
      assertThat(ShopHttp.post(notifications, "/notifications", event).status()).isEqualTo(200);
    }
    return ShopHttp.get(notifications, "/entities/e1").json();
  }

  /**
   * Sends each entity's events in order to orders {@code POST /events}; orders forwards them to
   * notifications through a link with 0..40 ms of jitter. Returns each entity once every delivery
   * has been applied or ignored.
   */
  private List<JsonNode> forwardThroughJitter(String... notificationsArgs) throws Exception {
    ShopProcess notifications = shop.start("notifications", notificationsArgs);
    TestingRelay link = shop.relayTo(notifications).jitterRequests(40);
    URI orders = shop.start("orders", "--notifications-url", link.url().toString()).url();
    for (int seq = 1; seq <= EVENTS_PER_ENTITY; seq++) {
      for (int entity = 1; entity <= ENTITIES; entity++) {
        String event = "{\"entityId\":\"e" + entity + "\",\"seq\":" + seq + "}";
        assertThat(ShopHttp.post(orders, "/events", event).status()).isEqualTo(202);
      }
    }
    List<JsonNode> entities = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> allDelivered(notifications.url(), entities));
    entities.forEach(e ->
        System.out.println(
            "after jitter: "
                + e.get("entityId")
                + " regressions "
                + e.get("regressions")
                + " ignored "
                + e.get("ignored")));
    return entities;
  }

  private static boolean allDelivered(URI notifications, List<JsonNode> into) throws Exception {
    into.clear();
    for (int entity = 1; entity <= ENTITIES; entity++) {
      ShopHttp.Reply reply = ShopHttp.get(notifications, "/entities/e" + entity);
      if (reply.status() != 200) {
        return false;
      }
      JsonNode state = reply.json();
      if (state.get("applied").size() + state.get("ignored").asLong() < EVENTS_PER_ENTITY) {
        return false;
      }
      into.add(state);
    }
    return true;
  }

  private static List<Long> sequences(JsonNode entity) {
    List<Long> seqs = new ArrayList<>();
    entity.get("applied").forEach(seq -> seqs.add(seq.asLong()));
    return seqs;
  }
}
