package dev.firedrill.demo.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EntityStoreTest {

  @Test
  void lateAndRepeatedEventsAreIgnored() {
    EntityStore store = new EntityStore(false);

    store.deliver("e1", 1, "a");
    store.deliver("e1", 3, "c");
    EntityStore.Delivery late = store.deliver("e1", 2, "b");
    store.deliver("e1", 3, "c");

    assertThat(late).isEqualTo(new EntityStore.Delivery("e1", 2, false, 3));
    assertThat(store.read("e1"))
        .isEqualTo(new EntityStore.EntityState("e1", 3, "c", List.of(1L, 3L), 2, 0));
  }

  @Test
  void withTheBugALateEventRollsBack() {
    EntityStore store = new EntityStore(true);

    store.deliver("e1", 1, "a");
    store.deliver("e1", 3, "c");
    store.deliver("e1", 2, "b");

    assertThat(store.read("e1"))
        .isEqualTo(new EntityStore.EntityState("e1", 2, "b", List.of(1L, 3L, 2L), 0, 1));
  }

  @Test
  void anUnknownEntityReadsAsNull() {
    EntityStore store = new EntityStore(false);
    store.deliver("e1", 1, null);

    assertThat(store.read("e2")).isNull();
    assertThat(store.readAll()).containsOnlyKeys("e1");
  }

  @Test
  void onlyTheLastAppliedSequencesAreKept() {
    EntityStore store = new EntityStore(false);
    for (long seq = 1; seq <= EntityStore.APPLIED_KEPT + 5; seq++) {
      store.deliver("e1", seq, null);
    }

    List<Long> applied = store.read("e1").applied();
    assertThat(applied).hasSize(EntityStore.APPLIED_KEPT);
    assertThat(applied.getFirst()).isEqualTo(6L);
  }
}
