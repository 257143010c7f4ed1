package dev.firedrill.demo.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
  private final AtomicLong now = new AtomicLong(1_000);
  private final CircuitBreaker breaker = new CircuitBreaker(3, 2_000, now::get);

  @Test
  void opensAfterConsecutiveFailuresForTheCoolDown() {
    breaker.failure();
    breaker.failure();
    assertThat(breaker.allows()).isTrue();

    breaker.failure();
    assertThat(breaker.allows()).isFalse();

    now.addAndGet(2_000);
    assertThat(breaker.allows()).isTrue();
  }

  @Test
  void aFailureAfterTheCoolDownReopensAtOnce() {
    for (int i = 0; i < 3; i++) {
      breaker.failure();
    }
    now.addAndGet(2_000);

    breaker.failure();

    assertThat(breaker.allows()).isFalse();
  }

  @Test
  void aSuccessCloses() {
    breaker.failure();
    breaker.failure();
    breaker.success();
    breaker.failure();

    assertThat(breaker.allows()).isTrue();
  }
}
