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
    ResultsJson.write(run, run.runDir().resolve("results.json"));
    JunitXml.write(run, run.runDir().resolve("junit.xml"));
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
