package dev.firedrill.engine.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.engine.model.Outcome;
import dev.firedrill.engine.model.RequestTemplate;
import dev.firedrill.engine.model.Workload;
import dev.firedrill.engine.model.WorkloadType;
import dev.firedrill.engine.workload.http.Completion;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OpenLoopTest {

  private static Generator setGenerator() {
    RequestTemplate t = new RequestTemplate(null, null, "/", null, null, null, null, null, null);
    return Generators.of(
        new Workload(
            WorkloadType.SET,
            "http://x",
            1.0,
            1,
            "1s",
            null,
            null,
            null,
            Map.of("add", t, "read", t)),
        "r");
  }

  /** Records every event and checks that no process ever has two operations open. */
  static final class CheckingRecorder implements OperationRecorder {
    final Set<Integer> open = ConcurrentHashMap.newKeySet();
    final List<String> violations = new CopyOnWriteArrayList<>();
    final AtomicInteger invocations = new AtomicInteger();
    final Set<Integer> infoProcesses = ConcurrentHashMap.newKeySet();
    final List<Integer> processesAfterInfo = new CopyOnWriteArrayList<>();

    @Override
    public void invoked(int process, Invocation invocation) {
      invocations.incrementAndGet();
      if (!open.add(process)) {
        violations.add("process " + process + " invoked twice");
      }
      if (infoProcesses.contains(process)) {
        processesAfterInfo.add(process);
      }
    }

    @Override
    public void completed(int process, Invocation invocation, Completion completion) {
      open.remove(process);
      if (completion.outcome() == Outcome.INFO) {
        infoProcesses.add(process);
      }
    }
  }

  @Test
  void aProcessIsNeverReusedAfterInfoAndNeverHasTwoOpsOpen() {
    CheckingRecorder recorder = new CheckingRecorder();
    AtomicInteger n = new AtomicInteger();
    OpenLoop loop =
        new OpenLoop(
            setGenerator(),
            (inv, p) -> {
              Outcome o = n.incrementAndGet() % 3 == 0 ? Outcome.INFO : Outcome.OK;
              return new Completion(o, null, 200, null, "t");
            },
            recorder,
            1);

    OpenLoop.Stats stats =
        loop.run(2000, 4, Duration.ofMillis(300), Duration.ofSeconds(5), () -> false);

    assertThat(recorder.violations).isEmpty();
    assertThat(recorder.processesAfterInfo).isEmpty();
    assertThat(stats.invoked()).isEqualTo(recorder.invocations.get()).isPositive();
    assertThat(stats.ok() + stats.fail() + stats.info()).isEqualTo(stats.invoked());
    assertThat(stats.info()).isPositive();
  }

  @Test
  void arrivalsThatFindEveryClientBusyAreDroppedNotQueued() {
    CheckingRecorder recorder = new CheckingRecorder();
    OpenLoop loop =
        new OpenLoop(
            setGenerator(),
            (inv, p) -> {
              try {
                Thread.sleep(200);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return new Completion(Outcome.OK, null, 200, null, "t");
            },
            recorder,
            1);

    OpenLoop.Stats stats =
        loop.run(200, 1, Duration.ofMillis(500), Duration.ofSeconds(5), () -> false);

    assertThat(stats.invoked()).isBetween(1L, 4L);
    assertThat(stats.dropped()).isPositive();
    assertThat(recorder.violations).isEmpty();
  }

  @Test
  void stopEndsTheLoopEarly() {
    OpenLoop loop =
        new OpenLoop(
            setGenerator(),
            (inv, p) -> new Completion(Outcome.OK, null, 200, null, "t"),
            new CheckingRecorder(),
            1);

    OpenLoop.Stats stats =
        loop.run(1000, 2, Duration.ofHours(1), Duration.ofSeconds(1), () -> true);

    assertThat(stats.invoked()).isZero();
  }
}
