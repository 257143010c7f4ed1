package dev.firedrill.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.check.history.JsonlHistoryReader;
import dev.firedrill.check.history.Op;
import dev.firedrill.engine.fault.FaultDriver;
import dev.firedrill.engine.model.RunPhase;
import dev.firedrill.engine.model.Verdict;
import dev.firedrill.engine.validate.DrillLoader;
import dev.firedrill.engine.validate.LoadResult;
import dev.firedrill.engine.validate.LoadedDrill;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a setup signals reaches the run: notes go into the history, an inconclusive reason turns a
 * Pass into Inconclusive, and a guardrail trip aborts the run.
 */
class RunSignalsIT {

  @TempDir Path dir;
  private TestingSetService service;

  @BeforeEach
  void start() throws IOException {
    service = new TestingSetService();
  }

  @AfterEach
  void stop() {
    service.close();
  }

  @Test
  void aNoteGoesIntoTheHistoryAndAnInconclusiveReasonTurnsAPassIntoInconclusive() throws Exception {
    Setup signalling =
        setup(s -> {
          s.note("replaced", "kill#0", Map.of("target", "shop/orders-1", "ms", 1500), null);
          s.inconclusive("fault slow#0 saw no traffic on proxy db");
        });

    RunResult r =
        Engine.run(RunRequest.of(drill(), dir.resolve("run")).withSetups(List.of(signalling)));

    assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(r.message()).isEqualTo("fault slow#0 saw no traffic on proxy db");
    List<Op> notes =
        JsonlHistoryReader.read(dir.resolve("run/history.jsonl")).ops().stream()
            .filter(o -> "replaced".equals(o.f()))
            .toList();
    assertThat(notes)
        .singleElement()
        .satisfies(o -> {
          assertThat(o.isNemesis()).isTrue();
          assertThat(o.key()).isEqualTo("kill#0");
          assertThat(o.value()).isEqualTo(Map.of("target", "shop/orders-1", "ms", 1500L));
        });
  }

  @Test
  void aGuardrailTripFromASetupAbortsTheRun() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    Setup tripping =
        setup(s ->
            Thread.ofVirtual()
                .start(() -> {
                  try {
                    running.await();
                  } catch (InterruptedException e) {
                    return;
                  }
                  s.guardrail("guardrail: 2 of the 3 pods are down");
                }));
    RunListener listener =
        new RunListener() {
          @Override
          public void phase(RunPhase phase, String message) {
            if (phase == RunPhase.RUNNING) {
              running.countDown();
            }
          }
        };

    RunResult r =
        Engine.run(
            RunRequest.of(drill(), dir.resolve("run"))
                .withSetups(List.of(tripping))
                .withListener(listener));

    assertThat(r.verdict()).isEqualTo(Verdict.ABORTED);
    assertThat(r.message()).isEqualTo("guardrail: 2 of the 3 pods are down");
  }

  private static Setup setup(Consumer<RunSignals> onOpen) {
    return new Setup() {
      @Override
      public String describe() {
        return "signalling";
      }

      @Override
      public Active open(RunContext context) {
        onOpen.accept(context.signals());
        return new Active() {
          @Override
          public List<FaultDriver> drivers() {
            return List.of();
          }

          @Override
          public void close() {}
        };
      }
    };
  }

  private LoadedDrill drill() {
    String text =
        """
        target: {namespace: shop}
        workload:
          type: set
          baseUrl: %s
          rate: 20
          duration: 3s
          timeout: 500ms
          operations:
            add: {method: POST, path: /set, json: '{{value}}'}
            read: {path: /set, extract: /ids}
        invariants: [{type: noLostWrites}]
        recovery: 300ms
        """
            .formatted(service.url());
    LoadResult r = new DrillLoader().load("drill.yaml", text);
    assertThat(r.problems()).isEmpty();
    return r.drills().getFirst();
  }
}
