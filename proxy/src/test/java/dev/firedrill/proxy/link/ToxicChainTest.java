package dev.firedrill.proxy.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.proxy.toxic.Stream;
import dev.firedrill.proxy.toxic.Toxic;
import dev.firedrill.proxy.toxic.ToxicSpec;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ToxicChainTest {
  private static final ToxicSpec DOWN_A =
      new ToxicSpec("a", Stream.DOWNSTREAM, 1, new Toxic.Latency(1, 0));
  private static final ToxicSpec UP_B =
      new ToxicSpec("b", Stream.UPSTREAM, 1, new Toxic.Bandwidth(1));
  private static final ToxicSpec DOWN_C =
      new ToxicSpec("c", Stream.DOWNSTREAM, 1, new Toxic.Timeout(0));

  @Test
  void listsUpstreamFirstThenDownstreamInOrderOfAddition() {
    ToxicChain chain = new ToxicChain();
    chain.change(null, DOWN_A);
    chain.change(null, UP_B);
    chain.change(null, DOWN_C);
    assertThat(chain.all()).containsExactly(UP_B, DOWN_A, DOWN_C);
    assertThat(chain.get(Stream.DOWNSTREAM)).containsExactly(DOWN_A, DOWN_C);
  }

  @Test
  void replacesInPlaceAndRemovesByIdentity() {
    ToxicChain chain = new ToxicChain();
    chain.change(null, DOWN_A);
    chain.change(null, DOWN_C);
    ToxicSpec slower = DOWN_A.withToxic(new Toxic.Latency(9, 0), 1);
    chain.change(DOWN_A, slower);
    assertThat(chain.get(Stream.DOWNSTREAM)).containsExactly(slower, DOWN_C);
    assertThat(chain.contains(DOWN_A)).isFalse();
    chain.change(slower, null);
    assertThat(chain.all()).containsExactly(DOWN_C);
    assertThat(chain.find("c")).isSameAs(DOWN_C);
    assertThat(chain.clear()).containsExactly(DOWN_C);
    assertThat(chain.all()).isEmpty();
  }

  @Test
  void aWaiterReturnsOnAChangeLongBeforeItsDeadline() throws Exception {
    ToxicChain chain = new ToxicChain();
    long seen = chain.version();
    long started = System.nanoTime();
    CompletableFuture<Void> waiter =
        CompletableFuture.runAsync(
            () -> chain.await(seen, System.nanoTime() + TimeUnit.SECONDS.toNanos(30)));
    chain.change(null, DOWN_A);
    waiter.get(10, TimeUnit.SECONDS);
    assertThat(chain.version()).isGreaterThan(seen);
    assertThat(System.nanoTime() - started).isLessThan(TimeUnit.SECONDS.toNanos(10));
  }
}
