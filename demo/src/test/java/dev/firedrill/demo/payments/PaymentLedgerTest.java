package dev.firedrill.demo.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PaymentLedgerTest {

  @Test
  void aRepeatedKeyReplaysTheFirstCharge() {
    PaymentLedger ledger = new PaymentLedger(false);

    PaymentLedger.Outcome first = ledger.charge("o-1", 500, "order-o-1");
    PaymentLedger.Outcome retry = ledger.charge("o-1", 500, "order-o-1");

    assertThat(first.replayed()).isFalse();
    assertThat(retry.replayed()).isTrue();
    assertThat(retry.charge()).isEqualTo(first.charge());
    assertThat(ledger.charges()).hasSize(1);
  }

  @Test
  void withTheBugARepeatedKeyIsChargedAgain() {
    PaymentLedger ledger = new PaymentLedger(true);

    ledger.charge("o-1", 500, "order-o-1");
    PaymentLedger.Outcome retry = ledger.charge("o-1", 500, "order-o-1");

    assertThat(retry.replayed()).isFalse();
    assertThat(ledger.charges())
        .extracting(PaymentLedger.Charge::paymentId, PaymentLedger.Charge::idempotencyKey)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("pay-1", "order-o-1"),
            org.assertj.core.groups.Tuple.tuple("pay-2", "order-o-1"));
  }

  @Test
  void chargesWithoutAKeyAreNeverDeduplicated() {
    PaymentLedger ledger = new PaymentLedger(false);

    ledger.charge("o-1", 500, null);
    ledger.charge("o-1", 500, null);

    assertThat(ledger.charges()).hasSize(2);
  }

  @Test
  void aKeyReusedForAnotherChargeIsRefused() {
    PaymentLedger ledger = new PaymentLedger(false);
    ledger.charge("o-1", 500, "k");

    assertThatThrownBy(() -> ledger.charge("o-1", 900, "k"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("k was used for a different charge");
  }
}
