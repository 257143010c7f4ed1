package dev.firedrill.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ShopOptionsTest {

  @Test
  void parsesTheCommandTheEngineUses() {
    ShopOptions options =
        ShopOptions.parse(
            List.of(
                "orders",
                "--port",
                "18080",
                "--payments-url",
                "http://127.0.0.1:28081/",
                "--history-url",
                "http://127.0.0.1:28084",
                "--bug",
                "no-timeout"),
            null);

    assertThat(options.service()).isEqualTo(ShopOptions.Service.ORDERS);
    assertThat(options.port()).isEqualTo(18080);
    assertThat(options.paymentsUrl()).contains(URI.create("http://127.0.0.1:28081"));
    assertThat(options.historyUrl()).contains(URI.create("http://127.0.0.1:28084"));
    assertThat(options.inventoryUrl()).isEqualTo(Optional.empty());
    assertThat(options.bugs()).containsExactly(Bug.NO_TIMEOUT);
  }

  @Test
  void theHostIsLoopbackUnlessToldOtherwise() {
    assertThat(ShopOptions.parse(List.of("payments", "--port", "0"), null).host())
        .isEqualTo("127.0.0.1");
    assertThat(
            ShopOptions.parse(List.of("payments", "--host", "0.0.0.0", "--port", "8080"), null)
                .host())
        .isEqualTo("0.0.0.0");
    assertThatThrownBy(
            () -> ShopOptions.parse(List.of("payments", "--host", " ", "--port", "1"), null))
        .hasMessageStartingWith("--host must be an address of this machine");
  }

  @Test
  void bugsFromTheEnvironmentAddToTheFlags() {
    ShopOptions options =
        ShopOptions.parse(
            List.of("payments", "--port", "0", "--bug", "oversell"),
            "duplicate-payments, out-of-order,");

    assertThat(options.bugs())
        .containsExactlyInAnyOrder(Bug.OVERSELL, Bug.DUPLICATE_PAYMENTS, Bug.OUT_OF_ORDER);
  }

  @Test
  void stockIsParsedPerItem() {
    ShopOptions options =
        ShopOptions.parse(
            List.of("inventory", "--port", "0", "--stock", "gizmo=3", "--stock", "widget=0"), null);

    assertThat(options.stock()).containsExactlyInAnyOrderEntriesOf(Map.of("gizmo", 3, "widget", 0));
  }

  @Test
  void everyBugHasAWireNameAndAHolder() {
    for (Bug bug : Bug.values()) {
      assertThat(Bug.fromWire(bug.wireName())).isEqualTo(bug);
      assertThat(List.of("orders", "payments", "inventory", "notifications", "history"))
          .contains(bug.holder());
    }
  }

  @Test
  void invalidInputIsRejectedWithAMessage() {
    assertThatThrownBy(() -> ShopOptions.parse(List.of(), null)).hasMessage("missing service name");
    assertThatThrownBy(() -> ShopOptions.parse(List.of("shipping", "--port", "1"), null))
        .hasMessageStartingWith("unknown service 'shipping'");
    assertThatThrownBy(() -> ShopOptions.parse(List.of("orders"), null))
        .hasMessage("missing --port");
    assertThatThrownBy(() -> ShopOptions.parse(List.of("orders", "--port"), null))
        .hasMessage("missing value after --port");
    assertThatThrownBy(() -> ShopOptions.parse(List.of("orders", "--port", "x"), null))
        .hasMessageContaining("--port must be a number");
    assertThatThrownBy(
            () -> ShopOptions.parse(List.of("orders", "--port", "1", "--verbose", "y"), null))
        .hasMessage("unknown option --verbose");
    assertThatThrownBy(() ->
            ShopOptions.parse(List.of("orders", "--port", "1", "--payments-url", "ftp://x"), null))
        .hasMessageContaining("--payments-url must be an http://host:port URL");
    assertThatThrownBy(() -> ShopOptions.parse(List.of("orders", "--port", "1"), "slow"))
        .hasMessageStartingWith("unknown bug 'slow'; known bugs: duplicate-payments");
    assertThatThrownBy(
            () -> ShopOptions.parse(List.of("inventory", "--port", "1", "--stock", "gizmo"), null))
        .hasMessageContaining("--stock must be ITEM=N");
  }
}
