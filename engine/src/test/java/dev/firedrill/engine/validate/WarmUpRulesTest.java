package dev.firedrill.engine.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.engine.model.DrillSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** workload.warmup: a duration, read into the record; refused where no read could warm up. */
class WarmUpRulesTest {
  private final DrillLoader loader = new DrillLoader();

  private static final String TARGET =
      """
      target:
        processes:
          - name: s
            command: [server]
            port: 18080
      """;

  private static String set(String warmup) {
    return """
    workload:
      type: set
      baseUrl: http://127.0.0.1:18080
      duration: 1m
      warmup: %s
      operations:
        add: {method: POST, path: /set, json: '{{value}}'}
        read: {path: /set, extract: /ids}
    invariants:
      - type: noLostWrites
    """
        .formatted(warmup);
  }

  private List<String> problems(String yaml) {
    return loader.load("drill.yaml", yaml + TARGET).problems().stream()
        .map(Problem::format)
        .toList();
  }

  @Test
  void aWarmupIsADuration() {
    assertThat(problems(set("3s"))).isEmpty();
    DrillSpec spec = loader.load("drill.yaml", set("3s") + TARGET).drills().getFirst().spec();
    assertThat(spec.workload().warmup()).isEqualTo("3s");
    assertThat(problems(set("soon")))
        .singleElement()
        .asString()
        .startsWith("drill.yaml:5:11: workload.warmup:");
  }

  @Test
  void aQueueWorkloadCannotWarmUp() {
    String queue =
        """
        workload:
          type: queue
          baseUrl: http://127.0.0.1:18080
          duration: 1m
          warmup: 2s
          operations:
            enqueue: {method: POST, path: /q}
            dequeue: {method: DELETE, path: /q}
            drain: {method: DELETE, path: /q/all}
        invariants:
          - type: queue
        """;
    assertThat(problems(queue))
        .singleElement()
        .asString()
        .contains(
            "workload.warmup: a queue workload has no read without side effects to warm up with"
                + " (dequeue and drain take items) (fix: remove workload.warmup)");
  }
}
