package dev.firedrill.engine.report;

import static dev.firedrill.engine.report.HtmlReport.esc;

import dev.firedrill.check.checker.Anomaly;
import dev.firedrill.check.history.Op;
import dev.firedrill.engine.run.RunResult;
import java.util.List;
import java.util.Locale;

/**
 * The invariants part of the report: a table of verdicts with the evidence each checker had (an
 * invariant of an Error or Aborted run reads "not decided", never valid), then each invariant's
 * anomalies, their operations in the order they were invoked, each with when it was invoked and
 * completed. The first {@value #IN_FULL} of an invariant are shown in full with their operations;
 * the rest fold into one compact table (still on the page, with every explanation and trace id), so
 * a run with a hundred repeats of one violation stays readable.
 */
final class AnomalySection {

  static final int IN_FULL = 5;

  private static final String OP_HEADER =
      "<tr><th>op</th><th>invoked</th><th>completed</th><th>process</th><th>type</th><th>f</th>"
          + "<th>key</th><th>value</th><th>idempotency key</th><th>trace id</th></tr>";

  private AnomalySection() {}

  static void render(StringBuilder h, RunResult run, OpTimes times) {
    h.append(
        "<h2>Invariants</h2><table><tr><th>invariant</th><th>result</th><th>anomalies</th>"
            + "<th>evidence</th></tr>");
    for (RunResult.InvariantResult r : run.invariants()) {
      String shown = Reports.shownValidity(run, r);
      String v = shown.equals("not decided") ? "unknown" : shown;
      h.append("<tr><td>")
          .append(esc(Reports.invariantName(r.invariant())))
          .append("</td><td class=\"")
          .append(v)
          .append("\">")
          .append(shown)
          .append("</td><td>")
          .append(r.result().allAnomalies().size())
          .append("</td><td>")
          .append(esc(Reports.evidence(r.result()).substring("evidence: ".length())))
          .append("</td></tr>");
    }
    h.append("</table>");
    for (RunResult.InvariantResult r : run.invariants()) {
      String invariant = Reports.invariantName(r.invariant());
      List<Anomaly> all = r.result().allAnomalies();
      all.stream().limit(IN_FULL).forEach(a -> full(h, invariant, a, times));
      if (all.size() > IN_FULL) {
        folded(h, invariant, all.subList(IN_FULL, all.size()));
      }
    }
  }

  private static void full(StringBuilder h, String invariant, Anomaly a, OpTimes times) {
    h.append("<div class=\"anomaly ")
        .append(a.validity().wireName())
        .append("\"><b>")
        .append(esc(invariant))
        .append(": ")
        .append(esc(a.kind()))
        .append("</b>")
        .append(a.key() == null ? "" : " on <code>" + esc(a.key()) + "</code>")
        .append("<p>")
        .append(esc(a.explanation()))
        .append("</p>");
    if (!a.ops().isEmpty()) {
      // the member an op went to, when the workload spreads operations over several
      boolean endpoints = a.ops().stream().anyMatch(o -> o.endpoint() != null);
      h.append("<table>")
          .append(endpoints ? OP_HEADER.replace("</tr>", "<th>endpoint</th></tr>") : OP_HEADER);
      for (Op o : times.sorted(a.ops())) {
        OpTimes.Span span = times.span(o);
        h.append("<tr><td>")
            .append(o.index())
            .append("</td><td class=\"t\">")
            .append(ms(span.invoked()))
            .append("</td><td class=\"t\">")
            .append(span.completed() == null ? "never" : ms(span.completed()))
            .append("</td><td>")
            .append(esc(o.processName()))
            .append("</td><td>")
            .append(o.type().wireName())
            .append("</td><td>")
            .append(esc(o.f()))
            .append("</td><td>")
            .append(esc(o.key()))
            .append("</td><td><code>")
            .append(esc(String.valueOf(o.value())))
            .append("</code></td><td>")
            .append(esc(o.idempotencyKey()))
            .append("</td><td><code>")
            .append(esc(o.traceId()))
            .append("</code></td>")
            .append(endpoints ? "<td>" + esc(o.endpoint()) + "</td>" : "")
            .append("</tr>");
      }
      h.append("</table>");
    }
    h.append("</div>");
  }

  private static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
  }

  private static void folded(StringBuilder h, String invariant, List<Anomaly> rest) {
    h.append("<details class=\"more\"><summary>")
        .append(rest.size())
        .append(" more ")
        .append(esc(invariant))
        .append(
            " anomalies</summary><table><tr><th>kind</th><th>key</th><th>explanation</th><th>ops</th><th>trace ids</th></tr>");
    for (Anomaly a : rest) {
      h.append("<tr><td>")
          .append(esc(a.kind()))
          .append("</td><td>")
          .append(esc(a.key()))
          .append("</td><td>")
          .append(esc(a.explanation()))
          .append("</td><td>")
          .append(String.join(", ", a.ops().stream().map(o -> Long.toString(o.index())).toList()))
          .append("</td><td><code>")
          .append(
              esc(
                  String.join(
                      " ", a.ops().stream().map(Op::traceId).filter(t -> t != null).toList())))
          .append("</code></td></tr>");
    }
    h.append("</table></details>");
  }
}
