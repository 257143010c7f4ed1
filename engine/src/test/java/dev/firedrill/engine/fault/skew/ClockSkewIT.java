package dev.firedrill.engine.fault.skew;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.firedrill.check.history.JsonlHistoryReader;
import dev.firedrill.check.history.Op;
import dev.firedrill.engine.fault.FaultDriver;
import dev.firedrill.engine.fault.FileLedger;
import dev.firedrill.engine.fault.LedgerEntry;
import dev.firedrill.engine.fault.local.LocalProcessSetup;
import dev.firedrill.engine.fault.local.TestingHealthServer;
import dev.firedrill.engine.model.Verdict;
import dev.firedrill.engine.plan.PlannedFault;
import dev.firedrill.engine.plan.Planner;
import dev.firedrill.engine.run.Engine;
import dev.firedrill.engine.run.RunContext;
import dev.firedrill.engine.run.RunRequest;
import dev.firedrill.engine.run.RunResult;
import dev.firedrill.engine.run.Setup;
import dev.firedrill.engine.validate.DrillLoader;
import dev.firedrill.engine.validate.LoadResult;
import dev.firedrill.engine.validate.LoadedDrill;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * clockSkew on real JVM processes through the installed libfaketime: the skewed process's {@code
 * System.currentTimeMillis} moves by the offset while its {@code System.nanoTime} stays on the
 * machine's monotonic clock, a process the fault does not name is untouched, and the heal brings
 * the true time back without a restart.
 */
class ClockSkewIT {

  private static final Duration SETTLE = Duration.ofSeconds(10);

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private int skewedPort;
  private int otherPort;

  @BeforeEach
  void ports() throws IOException {
    skewedPort = TestingHealthServer.freePort();
    otherPort = TestingHealthServer.freePort();
  }

  @AfterEach
  void close() {
    http.close();
  }

  /** What a process's clock says, next to this JVM's, read at the midpoint of the request. */
  record Reading(long skewMillis, long monotonicGapMillis, String preload) {}

  private Reading read(int port) throws Exception {
    long before = System.currentTimeMillis();
    long nanoBefore = System.nanoTime();
    String[] body =
        http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/clock")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body()
            .split(" ");
    long after = System.currentTimeMillis();
    long nanoAfter = System.nanoTime();
    long wall = Long.parseLong(body[0]);
    long mono = Long.parseLong(body[1]);
    return new Reading(
        wall - (before + after) / 2, (mono - (nanoBefore + nanoAfter) / 2) / 1_000_000, body[2]);
  }

  private LoadedDrill drill(String skew, String duration) throws IOException {
    String classes = TestingHealthServer.classpath();
    String server = TestingClockServer.class.getName();
    Path file = dir.resolve("skew.yaml");
    Files.writeString(
        file,
        """
        description: clock skew on a real JVM
        target:
          processes:
            - name: clock
              command: ["${java}", -cp, "%s", %s, "%d"]
              health: http://127.0.0.1:%d/health
            - name: other
              command: ["${java}", -cp, "%s", %s, "%d"]
              health: http://127.0.0.1:%d/health
        workload:
          type: set
          baseUrl: http://127.0.0.1:%d
          rate: 20
          duration: %s
          operations:
            add: {method: POST, path: /set, json: '{{value}}'}
            read: {path: /set, extract: /ids}
        faults:
          - name: skew
            at: 500ms
            duration: 2s
            clockSkew: %s
        invariants: [{type: noLostWrites}]
        recovery: 500ms
        """
            .formatted(
                classes,
                server,
                skewedPort,
                skewedPort,
                classes,
                server,
                otherPort,
                otherPort,
                skewedPort,
                duration,
                skew));
    LoadResult loaded = new DrillLoader().loadFile(file);
    assertThat(loaded.problems()).isEmpty();
    return loaded.drills().getFirst();
  }

  /** The clock setup and the local processes of {@code drill}, opened the way a run opens them. */
  private record Opened(Setup.Active clocks, Setup.Active processes) implements AutoCloseable {
    FaultDriver driver() {
      return clocks.drivers().getFirst();
    }

    @Override
    public void close() {
      processes.close();
      clocks.close();
    }
  }

  private Opened open(LoadedDrill drill) throws Exception {
    RunContext context = new RunContext("skew", drill.spec(), dir.resolve("run"), dir, line -> {});
    Setup.Active clocks = new ClockSkewSetup().open(context);
    Setup.Active processes =
        new LocalProcessSetup(Map.of(), ClockSkewSetup::processEnv).open(context);
    return new Opened(clocks, processes);
  }

  @Test
  void aJvmSeesItsWallClockShiftedDuringTheFaultAndTheTrueOneAfterTheHeal() throws Exception {
    LoadedDrill drill = drill("{processes: [clock], offset: -1h}", "5s");
    try (Opened opened = open(drill)) {
      assertThat(Math.abs(read(skewedPort).skewMillis())).isLessThan(1000);
      assertThat(read(skewedPort).preload()).contains("libfaketime");
      assertThat(read(otherPort).preload()).isEqualTo("-");
      PlannedFault fault = Planner.plan(drill.spec(), 1).faults().getFirst();
      LedgerEntry entry = opened.driver().prepare(fault).getFirst();
      assertThat(entry.undo()).containsEntry("offset", "+0");

      String detail = opened.driver().inject(fault, entry);

      assertThat(detail).isEqualTo("clock wall clock -3600s");
      await()
          .atMost(SETTLE)
          .untilAsserted(
              () -> assertThat(read(skewedPort).skewMillis()).isBetween(-3_601_000L, -3_599_000L));
      Reading during = read(skewedPort);
      assertThat(Math.abs(during.monotonicGapMillis()))
          .as("System.nanoTime stays on the machine's monotonic clock")
          .isLessThan(1000);
      assertThat(Math.abs(read(otherPort).skewMillis())).as("the other process").isLessThan(1000);

      opened.driver().heal(entry);

      await()
          .atMost(SETTLE)
          .untilAsserted(
              () -> assertThat(Math.abs(read(skewedPort).skewMillis())).isLessThan(1000));
      assertThat(Math.abs(read(skewedPort).monotonicGapMillis())).isLessThan(1000);
    }
  }

  @Test
  void aDriftingClockGainsSteadilyUntilTheHealSetsItBack() throws Exception {
    LoadedDrill drill = drill("{processes: [clock], offset: +0s, drift: 500ms}", "5s");
    try (Opened opened = open(drill)) {
      PlannedFault fault = Planner.plan(drill.spec(), 1).faults().getFirst();
      LedgerEntry entry = opened.driver().prepare(fault).getFirst();
      opened.driver().inject(fault, entry);

      await()
          .atMost(SETTLE)
          .untilAsserted(() -> assertThat(read(skewedPort).skewMillis()).isGreaterThan(1000));
      long first = read(skewedPort).skewMillis();
      await()
          .atMost(SETTLE)
          .untilAsserted(
              () -> assertThat(read(skewedPort).skewMillis()).isGreaterThan(first + 1000));

      opened.driver().heal(entry);

      await()
          .atMost(SETTLE)
          .untilAsserted(
              () -> assertThat(Math.abs(read(skewedPort).skewMillis())).isLessThan(1000));
      assertThat(Files.readString(ClockSkewSetup.file(dir.resolve("run"), "clock")).strip())
          .as("no drift write lands after the heal")
          .isEqualTo("+0");
    }
  }

  @Test
  void aRunRecordsTheSkewInItsHistoryAndLedgerAndHealsIt() throws Exception {
    Path runDir = dir.resolve("run");
    RunResult result =
        Engine.run(
            RunRequest.of(drill("{processes: [clock], offset: +90s}", "4s"), runDir)
                .withSeed(5L)
                .withSetups(
                    List.of(
                        new ClockSkewSetup(),
                        new LocalProcessSetup(Map.of(), ClockSkewSetup::processEnv)))
                .withLedger(new FileLedger(runDir)));

    assertThat(result.verdict()).as(result.message()).isEqualTo(Verdict.PASS);
    List<Op> history = JsonlHistoryReader.read(runDir.resolve("history.jsonl")).ops();
    assertThat(history)
        .filteredOn(o -> "nemesis".equals(o.processName()) && "skew#0".equals(o.key()))
        .extracting(Op::f)
        .contains("inject", "heal");
    assertThat(FileLedger.read(runDir))
        .singleElement()
        .satisfies(e -> {
          assertThat(e.action()).isEqualTo("clockSkew");
          assertThat(e.driver()).isEqualTo("clock");
          assertThat(e.target()).isEqualTo("clock");
          assertThat(e.state()).isEqualTo(LedgerEntry.State.HEALED);
        });
    assertThat(Files.readString(ClockSkewSetup.file(runDir, "clock")).strip()).isEqualTo("+0");
  }
}
