package dev.firedrill.engine.report;

import dev.firedrill.engine.run.RunResult;
import dev.firedrill.engine.step.StepOutcome;

/**
 * The report's setup and teardown steps: one row per step that ran, its answer, how long it took,
 * and for a failed one why and the tail of its output, escaped (it is what the system under test or
 * a command printed). Nothing when the drill has no steps.
 */
final class StepSection {

  private StepSection() {}

  static void render(StringBuilder h, RunResult run) {
    if (run.steps().isEmpty()) {
      return;
    }
    h.append(
        "<h2>Setup and teardown</h2><table><tr><th>phase</th><th>step</th><th>kind</th>"
            + "<th>result</th><th>took</th><th>detail</th></tr>");
    for (StepOutcome o : run.steps()) {
      h.append("<tr><td>")
          .append(HtmlReport.esc(o.phase()))
          .append("</td><td>")
          .append(HtmlReport.esc(o.name()))
          .append("</td><td>")
          .append(HtmlReport.esc(o.kind()))
          .append(o.ok() ? "</td><td>ok" : "</td><td class=\"late\">FAILED")
          .append("</td><td>")
          .append(o.elapsed().toMillis())
          .append(" ms</td><td>")
          .append(HtmlReport.esc(o.detail() == null ? "" : o.detail()));
      if (!o.ok()) {
        h.append(": ").append(HtmlReport.esc(o.error()));
        if (o.output() != null && !o.output().isBlank()) {
          h.append("<pre>").append(HtmlReport.esc(o.output())).append("</pre>");
        }
      }
      h.append("</td></tr>");
    }
    h.append("</table>");
  }
}
