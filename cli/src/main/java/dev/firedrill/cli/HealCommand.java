package dev.firedrill.cli;

import dev.firedrill.engine.fault.FileLedger;
import dev.firedrill.engine.fault.LedgerEntry;
import dev.firedrill.engine.fault.toxiproxy.ToxiproxyDriver;
import dev.firedrill.engine.fault.toxiproxy.ToxiproxyHealer;
import dev.firedrill.engine.report.SafeText;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code firedrill heal [RUN_DIR...]}: undoes what a crashed or killed run left in effect, from its
 * run directory alone: resumes its paused processes and removes its toxics or re-enables its
 * proxies on the Toxiproxy server each ledger entry names, then stops the processes it started that
 * still run — each checked by pid and start time, never by name. With no RUN_DIR: every run under
 * {@code --out} whose runner died.
 */
@Command(
    name = "heal",
    mixinStandardHelpOptions = true,
    description =
        "Heal every fault a run's ledger (RUN_DIR/ledger.json) says may still be in effect, and stop"
            + " the processes a dead runner left (RUN_DIR/processes.json).",
    footerHeading = "%nExamples:%n",
    footer = {
      "  firedrill heal runs/phantom-writes-20261201-101500-123",
      "  firedrill heal            (every run under runs/ whose runner died)",
      "",
      "Exit: 0 nothing left in effect, 2 a fault could not be healed, the ledger could not be read,"
          + " or the run's runner still runs."
    })
final class HealCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(
      arity = "0..*",
      paramLabel = "RUN_DIR",
      description = "Run directories (default: every abandoned run under --out).")
  List<Path> runDirs = new ArrayList<>();

  @Option(
      names = "--out",
      defaultValue = "runs",
      description = "With no RUN_DIR: where run directories are (default: ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<Path> dirs = runDirs.isEmpty() ? Leftovers.abandonedUnder(this.out) : runDirs;
    if (runDirs.isEmpty() && dirs.isEmpty()) {
      out.println(this.out + ": no run left anything behind");
    }
    int code = Firedrill.PASS;
    try (ToxiproxyHealer toxiproxy = new ToxiproxyHealer(ToxiproxyDriver.DEFAULT_TIMEOUT)) {
      for (Path dir : dirs) {
        if (!Files.isDirectory(dir)) {
          err.println(dir + ": not a run directory (fix: name a folder firedrill run wrote)");
          code = Firedrill.CANNOT_RUN;
          continue;
        }
        Leftovers.Outcome o;
        try {
          o = Leftovers.heal(dir, toxiproxy);
        } catch (IOException e) {
          err.println(
              dir
                  + ": cannot read "
                  + FileLedger.FILE
                  + " or processes.json: "
                  + e.getMessage()
                  + " (fix: restore the file, or heal by hand)");
          code = Firedrill.CANNOT_RUN;
          continue;
        }
        if (o.refused() != null) {
          err.println(dir + ": not healed, " + o.refused());
          code = Firedrill.CANNOT_RUN;
          continue;
        }
        out.printf(
            "%s: %d fault(s) in effect, %d healed, %d left; %d process(es) stopped%n",
            dir, o.inEffect(), o.inEffect() - o.left().size(), o.left().size(), o.stopped().size());
        o.stopped().forEach(line -> out.println("  stopped " + line));
        for (LedgerEntry e : o.left()) {
          // The error may quote what a Toxiproxy server or a process answered: escaped.
          err.println(
              SafeText.line(
                  "  "
                      + e.occurrence()
                      + " "
                      + e.action()
                      + " on "
                      + e.target()
                      + ": "
                      + e.error()));
        }
        if (!o.left().isEmpty()) {
          code = Firedrill.CANNOT_RUN;
        }
      }
    }
    out.flush();
    err.flush();
    return code;
  }
}
