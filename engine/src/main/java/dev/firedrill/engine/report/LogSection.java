package dev.firedrill.engine.report;

import static dev.firedrill.engine.report.HtmlReport.esc;

import dev.firedrill.check.checker.Anomaly;
import dev.firedrill.check.checker.Validity;
import dev.firedrill.check.history.Op;
import dev.firedrill.engine.model.ReportSpec;
import dev.firedrill.engine.run.RunResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The "Logs by trace id" part of report.html, the second step of the 3 AM playbook (traces first,
 * then the logs correlated by trace id): for each violating anomaly whose operations carry trace
 * ids, the log lines of every service that mention one of them, with the service, the line's time
 * and number, and {@code report.logContext} lines around each (greyed). The first {@value
 * #ANOMALIES} such anomalies are shown; a run with no captured logs gets no section.
 */
final class LogSection {

  static final int ANOMALIES = 20;

  private LogSection() {}

  static void render(StringBuilder h, RunResult run, ReportSpec settings) {
    List<Anomaly> anomalies = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (RunResult.InvariantResult r : run.invariants()) {
      for (Anomaly a : r.result().allAnomalies()) {
        if (a.validity() == Validity.INVALID
            && !traceIds(a).isEmpty()
            && anomalies.size() < ANOMALIES) {
          anomalies.add(a);
          names.add(Reports.invariantName(r.invariant()));
        }
      }
    }
    if (anomalies.isEmpty() || run.runDir() == null) {
      return;
    }
    Set<String> wanted = new LinkedHashSet<>();
    anomalies.forEach(a -> wanted.addAll(traceIds(a)));
    Map<String, List<LogLines.Line>> found;
    try {
      found = LogLines.find(run.runDir().resolve("logs"), wanted, settings.contextOrZero());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    h.append("<h2 id=\"logs\">Logs by trace id</h2><p>Lines of the services' logs (")
        .append(esc(run.runDir().resolve("logs").toString()))
        .append(") that mention a trace id of an anomaly")
        .append(
            settings.contextOrZero() == 0
                ? ""
                : ", with "
                    + settings.contextOrZero()
                    + (settings.contextOrZero() == 1 ? " line" : " lines")
                    + " around each (grey)")
        .append(".</p>");
    for (int i = 0; i < anomalies.size(); i++) {
      anomaly(h, names.get(i), anomalies.get(i), found);
    }
  }

  private static void anomaly(
      StringBuilder h, String invariant, Anomaly a, Map<String, List<LogLines.Line>> found) {
    h.append("<div class=\"logs\"><b>")
        .append(esc(invariant))
        .append(": ")
        .append(esc(a.kind()))
        .append("</b>")
        .append(a.key() == null ? "" : " on <code>" + esc(a.key()) + "</code>")
        .append("<p>")
        .append(esc(a.explanation()))
        .append("</p>");
    boolean any = false;
    for (String id : traceIds(a)) {
      List<LogLines.Line> lines = found.getOrDefault(id, List.of());
      h.append("<p>trace <code>").append(esc(id)).append("</code>: ");
      if (lines.isEmpty()) {
        h.append("no log line mentions it</p>");
        continue;
      }
      any = true;
      long services =
          lines.stream()
              .filter(LogLines.Line::match)
              .map(LogLines.Line::service)
              .distinct()
              .count();
      h.append(lines.stream().filter(LogLines.Line::match).count())
          .append(" line(s) in ")
          .append(services)
          .append(
              " service(s)</p><table class=\"log\"><tr><th>service</th><th>time</th><th>line</th><th>log</th></tr>");
      for (LogLines.Line l : lines) {
        h.append(l.match() ? "<tr>" : "<tr class=\"context\">")
            .append("<td>")
            .append(esc(l.service()))
            .append("</td><td class=\"time\">")
            .append(esc(l.time()))
            .append("</td><td>")
            .append(l.number())
            .append("</td><td><code>")
            .append(esc(l.text()))
            .append("</code></td></tr>");
      }
      h.append("</table>");
    }
    if (!any) {
      h.append("<p class=\"context\">No service logged these trace ids.</p>");
    }
    h.append("</div>");
  }

  /** The distinct trace ids of an anomaly's operations, in order, lower case. */
  static List<String> traceIds(Anomaly a) {
    Set<String> ids = new LinkedHashSet<>();
    for (Op o : a.ops()) {
      if (o.traceId() != null && !o.traceId().isBlank()) {
        ids.add(o.traceId().toLowerCase(Locale.ROOT));
      }
    }
    return List.copyOf(ids);
  }
}
