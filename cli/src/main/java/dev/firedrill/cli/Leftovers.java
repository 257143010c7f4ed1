package dev.firedrill.cli;

import dev.firedrill.engine.fault.FaultLedger;
import dev.firedrill.engine.fault.FileLedger;
import dev.firedrill.engine.fault.LedgerEntry;
import dev.firedrill.engine.fault.local.ProcessHealer;
import dev.firedrill.engine.fault.local.ProcessRegistry;
import dev.firedrill.engine.fault.skew.ClockSkewHealer;
import dev.firedrill.engine.fault.toxiproxy.GroupPartitionDriver;
import dev.firedrill.engine.fault.toxiproxy.ToxiproxyDriver;
import dev.firedrill.engine.fault.toxiproxy.ToxiproxyHealer;
import dev.firedrill.engine.run.Engine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What a crashed or killed runner left behind in its run directory, and undoing it: the faults its
 * ledger says may be in effect (paused processes resumed by pid and start time, toxics removed from
 * the Toxiproxy server each entry names) and then the processes its {@code processes.json} lists
 * that still run (stopped, each checked by pid and start time). {@code firedrill heal} does it for
 * the directories it is given; {@code firedrill run} for every abandoned run under {@code --out}
 * before it starts, so a new run never meets the last one's processes or toxics.
 */
final class Leftovers {

  private Leftovers() {}

  /**
   * What healing one run directory did.
   *
   * @param inEffect ledger entries that needed a heal
   * @param left entries still in effect afterwards, with why
   * @param stopped one line per process stopped
   * @param refused why nothing was done (the runner still runs), or null
   */
  record Outcome(long inEffect, List<LedgerEntry> left, List<String> stopped, String refused) {

    boolean clean() {
      return refused == null && left.isEmpty();
    }
  }

  /** Heals one run directory; a directory whose runner still runs is left alone. */
  static Outcome heal(Path dir, ToxiproxyHealer toxiproxy) throws IOException {
    Optional<ProcessRegistry.Contents> registry = ProcessRegistry.read(dir);
    if (registry.isPresent() && !registry.get().closed() && !registry.get().abandoned()) {
      return new Outcome(
          0,
          List.of(),
          List.of(),
          "its runner (pid "
              + registry.get().runner().pid()
              + ") is still running; stop it with Ctrl-C and it heals itself");
    }
    List<LedgerEntry> before = FileLedger.read(dir);
    FileLedger file = new FileLedger(dir);
    before.forEach(e -> uncheckedRecord(file, e));
    long toHeal = before.stream().filter(e -> e.state().needsHeal()).count();
    List<LedgerEntry> after =
        toHeal == 0
            ? before
            : Engine.heal(
                before,
                List.of(
                    new ProcessHealer(),
                    new ClockSkewHealer(),
                    toxiproxy,
                    GroupPartitionDriver.HEALER),
                file);
    List<String> stopped = ProcessHealer.stopLeftovers(dir);
    return new Outcome(
        toHeal, after.stream().filter(e -> e.state().needsHeal()).toList(), stopped, null);
  }

  /** The run directories under {@code out} whose runner died before it stopped its processes. */
  static List<Path> abandonedUnder(Path out) {
    if (!Files.isDirectory(out)) {
      return List.of();
    }
    List<Path> found = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(out)) {
      for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
        try {
          if (ProcessRegistry.read(dir).map(ProcessRegistry.Contents::abandoned).orElse(false)) {
            found.add(dir);
          }
        } catch (IOException e) {
          // an unreadable processes.json: firedrill heal DIR names the problem
        }
      }
    } catch (IOException e) {
      return found;
    }
    return found;
  }

  /**
   * Before a run: heals every abandoned run under {@code out}, one line each on {@code progress}.
   * Returns the problems, if any (a fault that could not be healed): the run still starts, and its
   * own checks (a held port) refuse what would make it lie.
   */
  static List<String> healAbandoned(Path out, java.io.PrintStream progress) {
    List<String> problems = new ArrayList<>();
    List<Path> dirs = abandonedUnder(out);
    if (dirs.isEmpty()) {
      return problems;
    }
    try (ToxiproxyHealer toxiproxy = new ToxiproxyHealer(ToxiproxyDriver.DEFAULT_TIMEOUT)) {
      for (Path dir : dirs) {
        try {
          Outcome o = heal(dir, toxiproxy);
          progress.println(
              "firedrill: "
                  + dir
                  + " was left by a runner that died: "
                  + (o.inEffect() - o.left().size())
                  + " fault(s) healed, "
                  + o.stopped().size()
                  + " process(es) stopped"
                  + (o.stopped().isEmpty() ? "" : " (" + String.join(", ", o.stopped()) + ")"));
          o.left().forEach(e -> problems.add(dir + ": " + e.occurrence() + " " + e.error()));
        } catch (IOException e) {
          problems.add(dir + ": " + e.getMessage());
        }
      }
    }
    return problems;
  }

  /** Seeds the file ledger with what it already holds, so each update rewrites the whole file. */
  private static void uncheckedRecord(FaultLedger ledger, LedgerEntry e) {
    try {
      ledger.record(e);
    } catch (Exception ignored) {
      // the first update writes the file again
    }
  }
}
