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
   * The run's clock starts before the processes, the nemesis's at the workload's start: a fault
   * injected 1 s into the workload, after 10 s of start-up, lands after the client op recorded
   * before it, so fault windows line up with ops and probe samples.
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
      recorder.nemesis(new NemesisEvent(inject, Duration.ofSeconds(1), "proxies p", null));
    }

    History history = JsonlHistoryReader.read(file);

    Op client = history.ops().get(0);
    Op fault = history.ops().get(1);
    assertThat(fault.process()).isEqualTo(Op.NEMESIS);
    assertThat(fault.f()).isEqualTo("inject");
    assertThat(client.time()).isGreaterThanOrEqualTo(Duration.ofSeconds(10).toNanos());
    assertThat(fault.time()).isGreaterThanOrEqualTo(client.time());
  }
}
