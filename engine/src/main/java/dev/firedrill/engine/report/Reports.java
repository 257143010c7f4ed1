package dev.firedrill.engine.report;

import dev.firedrill.check.history.History;
import dev.firedrill.engine.model.InvariantSpec;
import dev.firedrill.engine.model.Verdict;
import dev.firedrill.engine.run.RunResult;
import java.io.IOException;

/** Writes every report of a run into its run directory. */
public final class Reports {

  private Reports() {}

  /** results.json, junit.xml and report.html beside the drill and the history. */
  public static void writeAll(RunResult run, History history) throws IOException {
    ResultsJson.write(run, history, run.runDir().resolve("results.json"));
    JunitXml.write(run, history, run.runDir().resolve("junit.xml"));
    HtmlReport.write(run, history, run.runDir().resolve("report.html"));
  }

  /**
   * How much a checker saw, in one line from its stats: {@code checked} first (the count of
   * operations its invariant rests on), then the other counts.
   */
  public static String evidence(dev.firedrill.check.checker.Result r) {
    StringBuilder b = new StringBuilder();
    Object checked = r.stats().get("checked");
    b.append("evidence: ").append(checked == null ? "?" : checked).append(" checked");
    r.stats()
        .forEach((k, v) -> {
          if (!k.equals("checked") && (v instanceof Number || v instanceof String)) {
            b.append(", ").append(k).append('=').append(v);
          }
        });
    return b.toString();
  }

  /**
   * Whether a run's invariants decided anything: not when it ended Error or Aborted, since what the
   * checkers saw then is no test of the system (a valid one is shown "not decided").
   */
  public static boolean decides(Verdict v) {
    return v != Verdict.ERROR && v != Verdict.ABORTED;
  }

  /**
   * An invariant's validity as every report shows it: "not decided" for a valid one of a run that
   * decides nothing.
   */
  public static String shownValidity(RunResult run, RunResult.InvariantResult r) {
    String v = r.result().validity().wireName();
    return !decides(run.verdict())
            && r.result().validity() == dev.firedrill.check.checker.Validity.VALID
        ? "not decided"
        : v;
  }

  public static String verdictName(Verdict v) {
    return switch (v) {
      case PASS -> "Pass";
      case FAIL -> "Fail";
      case ABORTED -> "Aborted";
      case INCONCLUSIVE -> "Inconclusive";
      case ERROR -> "Error";
    };
  }

  public static String invariantName(InvariantSpec inv) {
    String type = inv.type().name();
    String[] parts = type.toLowerCase().split("_");
    StringBuilder out = new StringBuilder(parts[0]);
    for (int i = 1; i < parts.length; i++) {
      out.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
    }
    return out.toString();
  }
}
