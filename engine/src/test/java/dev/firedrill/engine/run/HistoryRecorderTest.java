package dev.firedrill.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.check.history.History;
import dev.firedrill.check.history.JsonlHistoryReader;
import dev.firedrill.check.history.JsonlHistoryWriter;
import dev.firedrill.check.history.Op;
import dev.firedrill.engine.model.WorkloadType;
import dev.firedrill.engine.plan.Plan;
import dev.firedrill.engine.workload.Invocation;
import dev.firedrill.engine.workload.http.Bindings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryRecorderTest {

  /**
   * One clock: a fault's history entry carries the time it took effect and its planned time, both
   * counted from the run's start like client ops and probe samples, so fault windows line up.
   */
  @Test
  void nemesisEventsAreTimedOnTheHistorysClock(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("history.jsonl");
    long runStart = System.nanoTime() - Duration.ofSeconds(10).toNanos();
    Plan.Step inject = NemesisTest.plan().steps().getFirst();
    try (JsonlHistoryWriter writer = JsonlHistoryWriter.open(file)) {
      HistoryRecorder recorder = new HistoryRecorder(writer, WorkloadType.SET, runStart);
      recorder.invoked(
          0, new Invocation("add", "add", "set", "e1", "run1-1", Bindings.of(), "trace"));
      recorder.nemesis(
          new NemesisEvent(
              inject, Duration.ofSeconds(10), Duration.ofMillis(10_004), "proxies p", null));
    }

    History history = JsonlHistoryReader.read(file);

    Op client = history.ops().get(0);
    Op fault = history.ops().get(1);
    assertThat(fault.process()).isEqualTo(Op.NEMESIS);
    assertThat(fault.f()).isEqualTo("inject");
    assertThat(client.time()).isGreaterThanOrEqualTo(Duration.ofSeconds(10).toNanos());
    assertThat(fault.time())
        .as("stamped when it took effect, not when it was written")
        .isEqualTo(Duration.ofMillis(10_004).toNanos());
    assertThat(((java.util.Map<?, ?>) fault.value()).get("plannedMs"))
        .as("planned on the same clock")
        .isEqualTo(10_000L);
  }
}
