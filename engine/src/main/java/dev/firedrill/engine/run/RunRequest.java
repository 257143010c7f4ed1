package dev.firedrill.engine.run;

import dev.firedrill.engine.fault.FaultLedger;
import dev.firedrill.engine.validate.LoadedDrill;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;

/**
 * Everything a driver (the CLI, the demo, the cluster runner) decides about one run; the engine
 * decides the rest. Made with {@link #of} and the {@code with...} methods.
 *
 * @param drill the drill
 * @param runDir where drill.yaml, history.jsonl, the ledger and the reports go
 * @param seed the plan's seed; null: the drill's seed, else a random one ({@link #chosenSeed})
 * @param runId makes element values and idempotency keys unique to this run, even with a fixed
 *     seed, so a persistent system never shows one run's data to the next; null: random
 * @param setups what the run touches, opened in order (see {@link Setup})
 * @param ledger where the fault ledger is made durable before every inject
 * @param listener observes phases, nemesis steps and progress
 * @param clock wall-clock time for the ledger and the reports
 * @param reports write results.json, junit.xml and report.html into the run directory
 */
public record RunRequest(
    LoadedDrill drill,
    Path runDir,
    Long seed,
    String runId,
    List<Setup> setups,
    FaultLedger ledger,
    RunListener listener,
    InstantSource clock,
    boolean reports) {

  private static final SecureRandom RANDOM = new SecureRandom();

  public RunRequest {
    Objects.requireNonNull(drill, "drill");
    Objects.requireNonNull(runDir, "runDir");
    setups = List.copyOf(setups);
    ledger = ledger == null ? FaultLedger.NONE : ledger;
    listener = listener == null ? RunListener.NONE : listener;
    clock = clock == null ? InstantSource.system() : clock;
  }

  /** A run of {@code drill} into {@code runDir}: no setups, reports written. */
  public static RunRequest of(LoadedDrill drill, Path runDir) {
    return new RunRequest(drill, runDir, null, null, List.of(), null, null, null, true);
  }

  public RunRequest withSeed(Long s) {
    return new RunRequest(drill, runDir, s, runId, setups, ledger, listener, clock, reports);
  }

  public RunRequest withRunId(String id) {
    return new RunRequest(drill, runDir, seed, id, setups, ledger, listener, clock, reports);
  }

  public RunRequest withSetups(List<Setup> s) {
    return new RunRequest(drill, runDir, seed, runId, s, ledger, listener, clock, reports);
  }

  public RunRequest withLedger(FaultLedger l) {
    return new RunRequest(drill, runDir, seed, runId, setups, l, listener, clock, reports);
  }

  public RunRequest withListener(RunListener l) {
    return new RunRequest(drill, runDir, seed, runId, setups, ledger, l, clock, reports);
  }

  public RunRequest withClock(InstantSource c) {
    return new RunRequest(drill, runDir, seed, runId, setups, ledger, listener, c, reports);
  }

  public RunRequest withReports(boolean write) {
    return new RunRequest(drill, runDir, seed, runId, setups, ledger, listener, clock, write);
  }

  /** The seed a run of this request uses: the request's, else the drill's, else a random one. */
  public long chosenSeed() {
    if (seed != null) {
      return seed;
    }
    if (drill.spec().seed() != null) {
      return drill.spec().seed();
    }
    return 1 + RANDOM.nextInt(999_999);
  }

  /** The run id: the request's, else eight random base-36 characters. */
  public String chosenRunId() {
    if (runId != null) {
      return runId;
    }
    StringBuilder id = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      id.append(Character.forDigit(RANDOM.nextInt(36), 36));
    }
    return id.toString();
  }
}
