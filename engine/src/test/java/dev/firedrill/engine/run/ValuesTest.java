package dev.firedrill.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firedrill.engine.model.WorkloadType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValuesTest {

  private static Object read(WorkloadType type, String f, String json) throws Exception {
    return Values.read(type, f, new ObjectMapper().readTree(json));
  }

  @Test
  void integersStayLongsAndElementsBecomeText() throws Exception {
    assertThat(read(WorkloadType.BANK, "read", "{\"a\": 10, \"b\": -6, \"c\": \"3\"}"))
        .isEqualTo(Map.of("a", 10L, "b", -6L, "c", 3L));
    assertThat(read(WorkloadType.COUNTER, "read", "7")).isEqualTo(7L);
    assertThat(read(WorkloadType.COUNTER, "read", "7.5")).isEqualTo(7.5);
    assertThat(read(WorkloadType.EVENTS, "read", "[1, 3, 2]")).isEqualTo(List.of(1L, 3L, 2L));
    assertThat(read(WorkloadType.SET, "read", "[1, \"e2\"]")).isEqualTo(List.of("1", "e2"));
    assertThat(read(WorkloadType.KV, "read", "4")).isEqualTo("4");
    assertThat(read(WorkloadType.KV, "read-source", "{\"k\": 1}")).isEqualTo(Map.of("k", 1));
    assertThat(Values.read(WorkloadType.KV, "read", null)).isNull();
  }

  @Test
  void aSetReadOfAnObjectIsTheSetOfItsFieldNames() throws Exception {
    // The demo shop's GET /orders, extract /orders: orders keyed by id.
    assertThat(read(WorkloadType.SET, "read", "{\"e1\": {\"status\": \"PAID\"}, \"e2\": {}}"))
        .isEqualTo(List.of("e1", "e2"));
    assertThat(read(WorkloadType.SET, "read", "{}")).isEqualTo(List.of());
    // Queues keep an object as it is: a dequeued element may be one.
    assertThat(read(WorkloadType.QUEUE, "read", "{\"a\": 1}")).isEqualTo(Map.of("a", 1));
  }
}
