package dev.firedrill.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firedrill.check.history.JsonlHistoryReader;
import dev.firedrill.check.history.Op;
import dev.firedrill.check.history.OpType;
import dev.firedrill.engine.fault.FaultLedger;
import dev.firedrill.engine.fault.FileLedger;
import dev.firedrill.engine.fault.LedgerEntry;
import dev.firedrill.engine.fault.local.LocalProcessSetup;
import dev.firedrill.engine.fault.local.TestingHealthServer;
import dev.firedrill.engine.fault.toxiproxy.ToxiproxySetup;
import dev.firedrill.engine.model.RunPhase;
import dev.firedrill.engine.model.Verdict;
import dev.firedrill.engine.validate.DrillLoader;
import dev.firedrill.engine.validate.LoadResult;
import dev.firedrill.engine.validate.LoadedDrill;
import dev.firedrill.proxy.ToxiproxyServer;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's run API end to end, with a real HTTP service on loopback, the embedded proxy (as the
 * drill's own Toxiproxy server or started by the run) and real processes: phases, the ledger,
 * cancel and interrupt that always heal, the steady-state check, a ledger veto, unclaimed faults,
 * and overlapping pauses of one process.
 */
class EngineRunIT {

  @TempDir Path dir;
  private TestingSetService service;
  private ToxiproxyServer external;

  @BeforeEach
  void start() throws IOException {
    service = new TestingSetService();
  }

  @AfterEach
  void stop() {
    service.close();
    if (external != null) {
      external.close();
    }
  }

  /** A set drill through one proxy {@code p} to the service, with these faults. */
  private LoadedDrill drill(String toxiproxyUrl, String baseUrl, String duration, String faults)
      throws IOException {
    return drill(toxiproxyUrl, baseUrl, duration, faults, "");
  }

  /** The drill with {@code more} (top-level YAML) at its end. */
  private LoadedDrill drill(
      String toxiproxyUrl, String baseUrl, String duration, String faults, String more)
      throws IOException {
    int listen = TestingHealthServer.freePort();
    String text =
        """
        description: engine run API test
        target: {namespace: shop}
        toxiproxy:
          %s
          proxies: [{name: p, listen: "127.0.0.1:%d", upstream: "127.0.0.1:%d"}]
        workload:
          type: set
          baseUrl: %s
          rate: 40
          duration: %s
          timeout: 500ms
          operations:
            add: {method: POST, path: /set, json: '{{value}}'}
            read: {path: /set, extract: /ids}
        faults:
        %s
        invariants: [{type: noLostWrites}]
        recovery: 300ms
        """
                .formatted(
                    toxiproxyUrl == null ? "" : "url: " + toxiproxyUrl,
                    listen,
                    service.port(),
                    baseUrl == null ? "http://127.0.0.1:" + listen : baseUrl,
                    duration,
                    faults.indent(2))
            + more;
    Path file = dir.resolve("drill.yaml");
    Files.writeString(file, text);
    LoadResult loaded = new DrillLoader().loadFile(file);
    assertThat(loaded.problems()).isEmpty();
    return loaded.drills().getFirst();
  }

  private static RunRequest request(LoadedDrill drill, Path runDir) {
    return RunRequest.of(drill, runDir)
        .withSeed(11L)
        .withSetups(List.of(new ToxiproxySetup(), new LocalProcessSetup(Map.of())))
        .withLedger(new FileLedger(runDir));
  }

  private static List<Op> history(Path runDir) throws IOException {
    return JsonlHistoryReader.read(runDir.resolve("history.jsonl")).ops();
  }

  /** Records phases and nemesis steps. */
  private static final class Recording implements RunListener {
    final List<RunPhase> phases = new CopyOnWriteArrayList<>();
    final List<NemesisEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void phase(RunPhase phase, String message) {
      phases.add(phase);
    }

    @Override
    public void nemesis(NemesisEvent event) {
      events.add(event);
    }

    boolean injected() {
      return events.stream().anyMatch(e -> e.step().kind().name().equals("INJECT"));
    }
  }

  @Test
  void aRunGoesThroughEveryPhaseAndKeepsItsLedgerAndReports() throws Exception {
    Path runDir = dir.resolve("run");
    Recording seen = new Recording();
    LoadedDrill drill =
        drill(
            null,
            null,
            "2500ms",
            "- {name: slow, at: 800ms, duration: 600ms, latency: {proxies: [p], latency: 20ms}}");

    RunResult r = Engine.run(request(drill, runDir).withListener(seen));

    assertThat(r.verdict()).as(r.message()).isEqualTo(Verdict.PASS);
    assertThat(seen.phases)
        .containsExactly(
            RunPhase.PENDING,
            RunPhase.RUNNING,
            RunPhase.HEALING,
            RunPhase.RECOVERING,
            RunPhase.CHECKING,
            RunPhase.COMPLETED);
    List<LedgerEntry> ledger = FileLedger.read(runDir);
    assertThat(ledger)
        .singleElement()
        .satisfies(e -> {
          assertThat(e.occurrence()).isEqualTo("slow#0");
          assertThat(e.state()).isEqualTo(LedgerEntry.State.HEALED);
          assertThat(e.undo().get("toxics")).isEqualTo("firedrill-slow-0-latency-downstream");
          assertThat(e.injectedAt()).isNotNull();
          assertThat(e.healedAt()).isNotNull();
        });
    assertThat(r.ledger()).isEqualTo(ledger);
    assertThat(Files.readString(runDir.resolve("drill.yaml"))).isEqualTo(drill.text());
    JsonNode results = new ObjectMapper().readTree(runDir.resolve("results.json").toFile());
    assertThat(results.path("runId").asText()).isEqualTo(r.runId()).hasSize(8);
    assertThat(results.path("ledger").get(0).path("state").asText()).isEqualTo("Healed");
    assertThat(runDir.resolve("junit.xml")).exists();
    assertThat(runDir.resolve("report.html")).exists();
    Op inject =
        history(runDir).stream().filter(o -> "inject".equals(o.f())).findFirst().orElseThrow();
    NemesisEvent event = seen.events.getFirst();
    assertThat(inject.time())
        .as("stamped on the history's clock")
        .isEqualTo(event.actual().toNanos());
  }

  @Test
  void cancelHealsAFaultOnTheDrillsOwnToxiproxyAndKeepsTheHistory() throws Exception {
    external = ToxiproxyServer.start("127.0.0.1", 0);
    String url = "http://127.0.0.1:" + external.apiPort();
    Path runDir = dir.resolve("run");
    Recording seen = new Recording();
    LoadedDrill drill =
        drill(
            url, null, "60s", "- {name: cut, at: 500ms, duration: 50s, partition: {proxies: [p]}}");

    RunHandle handle = Engine.start(request(drill, runDir).withListener(seen));
    await().atMost(Duration.ofSeconds(20)).until(seen::injected);
    ToxiproxyClient client = new ToxiproxyClient("127.0.0.1", external.apiPort());
    assertThat(client.getProxy("p").isEnabled()).as("the partition is in effect").isFalse();
    long cancelled = System.nanoTime();
    handle.cancel("stop, please");
    RunResult r = handle.result().get();

    assertThat(Duration.ofNanos(System.nanoTime() - cancelled)).isLessThan(Duration.ofSeconds(10));
    assertThat(r.verdict()).isEqualTo(Verdict.ABORTED);
    assertThat(r.message()).isEqualTo("stop, please");
    assertThat(client.getProxy("p").isEnabled()).as("healed on the external server").isTrue();
    assertThat(handle.phase()).isEqualTo(RunPhase.ABORTED);
    assertThat(FileLedger.read(runDir))
        .allSatisfy(e -> assertThat(e.state()).isEqualTo(LedgerEntry.State.HEALED));
    List<Op> history = history(runDir);
    assertThat(history).anySatisfy(o -> assertThat(o.f()).isEqualTo("heal"));
    assertThat(history.getLast().type()).isNotEqualTo(OpType.INVOKE);
    assertThat(runDir.resolve("report.html")).exists();
  }

  @Test
  void anInterruptOfTheWaitingThreadCancelsAndHeals() throws Exception {
    external = ToxiproxyServer.start("127.0.0.1", 0);
    String url = "http://127.0.0.1:" + external.apiPort();
    Path runDir = dir.resolve("run");
    Recording seen = new Recording();
    LoadedDrill drill =
        drill(
            url, null, "60s", "- {name: cut, at: 500ms, duration: 50s, partition: {proxies: [p]}}");
    AtomicReference<RunResult> result = new AtomicReference<>();
    Thread caller =
        Thread.ofPlatform()
            .start(() -> {
              try {
                result.set(Engine.run(request(drill, runDir).withListener(seen)));
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            });
    await().atMost(Duration.ofSeconds(20)).until(seen::injected);

    caller.interrupt();
    caller.join(Duration.ofSeconds(20));

    assertThat(caller.isAlive()).isFalse();
    assertThat(result.get().verdict()).isEqualTo(Verdict.ABORTED);
    assertThat(result.get().message()).isEqualTo("interrupted");
    ToxiproxyClient client = new ToxiproxyClient("127.0.0.1", external.apiPort());
    assertThat(client.getProxy("p").isEnabled()).isTrue();
  }

  @Test
  void aRunThatCanReachNothingIsAnErrorAndInjectsNothing() throws Exception {
    Path runDir = dir.resolve("run");
    LoadedDrill drill =
        drill(
            null,
            "http://127.0.0.1:1",
            "3s",
            "- {name: slow, at: 500ms, duration: 1s, latency: {proxies: [p], latency: 20ms}}");

    RunResult r = Engine.run(request(drill, runDir).withSetups(List.of(new ToxiproxySetup())));

    assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(r.message())
        .startsWith(
            "steady state not reached: every operation to http://127.0.0.1:1 failed: connect:")
        .endsWith("— nothing was tested");
    assertThat(history(runDir)).noneSatisfy(o -> assertThat(o.f()).isEqualTo("inject"));
    assertThat(r.ledger()).isEmpty();
    assertThat(r.elapsed())
        .as("stops at the first fault's wait, not the load's end")
        .isLessThan(Duration.ofSeconds(20));
  }

  @Test
  void steadyStateWithinIsHowLongTheFirstFaultWaitsForEvidence() throws Exception {
    // The default wait is 10 s past the fault's time; with 1 s the run gives up well before.
    LoadedDrill drill =
        drill(
            null,
            "http://127.0.0.1:1",
            "30s",
            "- {name: slow, at: 500ms, duration: 1s, latency: {proxies: [p], latency: 20ms}}",
            "steadyState: {within: 1s}\n");

    RunResult r =
        Engine.run(request(drill, dir.resolve("run")).withSetups(List.of(new ToxiproxySetup())));

    assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(r.message()).startsWith("steady state not reached");
    assertThat(r.elapsed())
        .as("gives up 1 s past the fault's time, not after the default 10 s")
        .isLessThan(Duration.ofSeconds(9));
  }

  @Test
  void aLedgerThatRefusesTheRecordVetoesTheFault() throws Exception {
    external = ToxiproxyServer.start("127.0.0.1", 0);
    String url = "http://127.0.0.1:" + external.apiPort();
    Path runDir = dir.resolve("run");
    FaultLedger refusing =
        new FaultLedger() {
          @Override
          public void record(LedgerEntry entry) {
            throw new IllegalStateException("status write conflict");
          }

          @Override
          public void update(LedgerEntry entry) {}
        };
    LoadedDrill drill =
        drill(
            url,
            null,
            "2s",
            "- {name: slow, at: 500ms, duration: 1s, latency: {proxies: [p], latency: 20ms}}");
    ToxiproxyClient client = new ToxiproxyClient("127.0.0.1", external.apiPort());

    RunResult r = Engine.run(request(drill, runDir).withLedger(refusing));

    assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(r.message())
        .contains("the fault ledger refused slow#0@p, nothing injected")
        .contains("status write conflict");
    assertThat(client.getProxy("p").toxics().getAll()).isEmpty();
  }

  @Test
  void aPodKillByLabelInALocalRunIsAnErrorBeforeTheLoadStarts() throws Exception {
    Path runDir = dir.resolve("run");
    Path file = dir.resolve("kill.yaml");
    Files.writeString(
        file,
        """
        target: {namespace: shop, selector: {app: orders}}
        workload:
          type: set
          baseUrl: %s
          duration: 2s
          operations:
            add: {method: POST, path: /set, json: '{{value}}'}
            read: {path: /set, extract: /ids}
        faults:
          - {name: kill-orders, at: 1s, podKill: {mode: one}}
        invariants: [{type: noLostWrites}]
        """
            .formatted(service.url()));
    LoadedDrill drill = new DrillLoader().loadFile(file).drills().getFirst();

    RunResult r = Engine.run(request(drill, runDir));

    assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(r.message())
        .contains("fault kill-orders (podKill): nothing in this run can apply it")
        .contains("needs a cluster");
    assertThat(history(runDir)).noneSatisfy(o -> assertThat(o.isNemesis()).isFalse());
  }

  @Test
  void overlappingPausesOfOneProcessKeepItStoppedUntilTheLastHeal() throws Exception {
    int port = TestingHealthServer.freePort();
    Path file = dir.resolve("pauses.yaml");
    Files.writeString(
        file,
        """
        target:
          processes:
            - name: svc
              command: %s
              health: http://127.0.0.1:%d/health
        workload:
          type: set
          baseUrl: %s
          rate: 20
          duration: 3s
          operations:
            add: {method: POST, path: /set, json: '{{value}}'}
            read: {path: /set, extract: /ids}
        faults:
          - {name: first, at: 500ms, duration: 1s, pause: {processes: [svc]}}
          - {name: second, at: 1s, duration: 1s, pause: {processes: [svc]}}
        invariants: [{type: noLostWrites}]
        recovery: 200ms
        """
            .formatted(
                new ObjectMapper().writeValueAsString(TestingHealthServer.command(port)),
                port,
                service.url()));
    LoadedDrill drill = new DrillLoader().loadFile(file).drills().getFirst();
    List<Character> stateAtHeal = new CopyOnWriteArrayList<>();
    RunListener probe =
        new RunListener() {
          @Override
          public void nemesis(NemesisEvent e) {
            if (e.step().kind().name().equals("HEAL")) {
              String pid = e.step().fault().id().equals("first#0") ? pidOf(file) : null;
              stateAtHeal.add(pid == null ? '?' : state(pid));
            }
          }
        };

    RunResult r = Engine.run(request(drill, dir.resolve("run")).withListener(probe));

    assertThat(r.verdict()).as(r.message()).isEqualTo(Verdict.PASS);
    assertThat(stateAtHeal)
        .as("after first's heal the process is still stopped: second holds the pause")
        .first()
        .isEqualTo('T');
    List<Op> nemesis =
        history(dir.resolve("run")).stream()
            .filter(Op::isNemesis)
            .filter(o -> o.f().equals("inject") || o.f().equals("heal"))
            .toList();
    assertThat(nemesis)
        .extracting(o -> o.f() + " " + o.key())
        .containsExactly("inject first#0", "inject second#0", "heal first#0", "heal second#0");
  }

  /** The pid of the paused process, from the run's ledger file. */
  private String pidOf(Path drillFile) {
    try {
      return FileLedger.read(dir.resolve("run")).getFirst().undo().get("pid");
    } catch (IOException e) {
      return null;
    }
  }

  private static char state(String pid) {
    try {
      String stat = Files.readString(Path.of("/proc", pid, "stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2);
    } catch (IOException e) {
      return '?';
    }
  }
}
