package dev.firedrill.cli;

import dev.firedrill.engine.fault.FaultLedger;
import dev.firedrill.engine.fault.FileLedger;
import dev.firedrill.engine.fault.LedgerEntry;
import dev.firedrill.engine.fault.local.ProcessHealer;
import dev.firedrill.engine.fault.skew.ClockSkewHealer;
import dev.firedrill.engine.fault.toxiproxy.ToxiproxyDriver;
import dev.firedrill.engine.fault.toxiproxy.ToxiproxyHealer;
import dev.firedrill.engine.run.Engine;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code firedrill heal RUN_DIR}: undoes what a crashed or killed run left in effect, from its
 * ledger alone: resumes its paused processes (checked by pid and start time) and removes its toxics
 * or re-enables its proxies on the Toxiproxy server each entry names.
 */
@Command(
    name = "heal",
    description =
        "Heal every fault a run's ledger (RUN_DIR/ledger.json) says may still be in effect.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  firedrill heal runs/phantom-writes-20261201-101500-123",
      "",
      "Exit: 0 nothing left in effect, 2 a fault could not be healed or the ledger could not be read."
    })
final class HealCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "RUN_DIR", description = "Run directories.")
  List<Path> runDirs;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int code = Firedrill.PASS;
    try (ToxiproxyHealer toxiproxy = new ToxiproxyHealer(ToxiproxyDriver.DEFAULT_TIMEOUT)) {
      for (Path dir : runDirs) {
        if (!Files.isDirectory(dir)) {
          err.println(dir + ": not a run directory (fix: name a folder firedrill run wrote)");
          code = Firedrill.CANNOT_RUN;
          continue;
        }
        FileLedger file = new FileLedger(dir);
        List<LedgerEntry> before;
        try {
          before = FileLedger.read(dir);
        } catch (IOException e) {
          err.println(
              dir.resolve(FileLedger.FILE)
                  + ": cannot read the ledger: "
                  + e.getMessage()
                  + " (fix: restore the file, or heal by hand)");
          code = Firedrill.CANNOT_RUN;
          continue;
        }
        before.forEach(e -> uncheckedRecord(file, e));
        long toHeal = before.stream().filter(e -> e.state().needsHeal()).count();
        List<LedgerEntry> after =
            Engine.heal(
                before, List.of(new ProcessHealer(), new ClockSkewHealer(), toxiproxy), file);
        long left = after.stream().filter(e -> e.state().needsHeal()).count();
        out.printf(
            "%s: %d fault(s) in effect, %d healed, %d left%n", dir, toHeal, toHeal - left, left);
        for (LedgerEntry e : after) {
          if (e.state().needsHeal()) {
            err.println(
                "  " + e.occurrence() + " " + e.action() + " on " + e.target() + ": " + e.error());
          }
        }
        if (left > 0) {
          code = Firedrill.CANNOT_RUN;
        }
      }
    }
    out.flush();
    err.flush();
    return code;
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
