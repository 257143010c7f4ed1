package dev.firedrill.operator.web;

import dev.firedrill.engine.model.RunPhase;
import dev.firedrill.engine.model.Verdict;
import dev.firedrill.operator.api.v1alpha1.DrillRun;
import dev.firedrill.operator.api.v1alpha1.DrillRunSpec;
import dev.firedrill.operator.api.v1alpha1.DrillRunStatus;
import dev.firedrill.operator.api.v1alpha1.DrillRunStatus.AnomalySummary;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The runs page: every DrillRun, grouped by its Drill (namespace, then name), newest run first,
 * with phase, verdict, anomaly count and the first anomalies, and a link to the run's report when
 * one is stored. A pure function of the runs it is given: no JavaScript, no external asset, and
 * every string that comes from the cluster (names, labels, messages, anomaly text) is HTML-escaped,
 * so whatever a drill's author or a system under test wrote stays text.
 */
final class RunsPage {

  /** The first anomalies listed per run; the report has them all. */
  static final int ANOMALIES_SHOWN = 3;

  private static final String STYLE =
      "body{font:14px system-ui,sans-serif;margin:24px;color:#222;max-width:1200px}"
          + "h1{font-size:22px}h2{font-size:17px;margin:28px 0 4px}"
          + ".ns{color:#666;font-weight:normal}.desc{color:#444;margin:0 0 6px}"
          + "table{border-collapse:collapse;width:100%}"
          + "td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}"
          + "th{background:#f4f4f4}.num{text-align:right}"
          + ".v{display:inline-block;padding:1px 8px;border-radius:4px;color:#fff;font-weight:bold}"
          + ".Pass{background:#2e7d32}.Fail{background:#c62828}.Aborted{background:#6a1b9a}"
          + ".Inconclusive{background:#ef6c00}.Error{background:#555}.none{background:#9e9e9e}"
          + "ul{margin:0;padding-left:18px}.muted{color:#777}code{font-size:12px}"
          + ".nw{white-space:nowrap}";

  private RunsPage() {}

  /** The whole page for {@code runs}, as of {@code now} (for the durations of running runs). */
  static String render(List<DrillRun> runs, Instant now) {
    StringBuilder h = new StringBuilder(16 * 1024);
    head(h, "Firedrill runs");
    h.append("<h1>Firedrill runs</h1>");
    if (runs.isEmpty()) {
      h.append("<p class=\"muted\">No DrillRuns yet. Start one with <code>kubectl annotate drill")
          .append(" NAME firedrill.dev/run-now=true</code> or <code>firedrill run --cluster")
          .append(" drill.yaml</code>.</p>");
    }
    for (Map.Entry<String, List<DrillRun>> drill : byDrill(runs).entrySet()) {
      drillSection(h, drill.getKey(), drill.getValue(), now);
    }
    int total = runs.size();
    h.append("<p class=\"muted\">")
        .append(total)
        .append(total == 1 ? " run" : " runs")
        .append(" · read-only · as of ")
        .append(esc(shortTime(now.toString())))
        .append(" UTC")
        .append("</p></body></html>");
    return h.toString();
  }

  /** One drill: its heading with the newest verdict, its description, a table of its runs. */
  private static void drillSection(StringBuilder h, String key, List<DrillRun> group, Instant now) {
    DrillRun newest = group.getFirst();
    h.append("<h2 id=\"")
        .append(esc(key))
        .append("\"><span class=\"ns\">")
        .append(esc(newest.getMetadata().getNamespace()))
        .append(" / </span>")
        .append(esc(drillName(newest)))
        .append(" ")
        .append(verdictBadge(latestVerdict(group)))
        .append("</h2>");
    String description = description(newest);
    if (description != null) {
      h.append("<p class=\"desc\">").append(esc(description)).append("</p>");
    }
    h.append("<table><tr><th>run</th><th>trigger</th><th>started (UTC)</th><th>took</th>")
        .append("<th>phase</th><th>verdict</th><th class=\"num\">anomalies</th>")
        .append("<th>summary</th><th>report</th></tr>");
    for (DrillRun run : group) {
      row(h, run, now);
    }
    h.append("</table>");
  }

  /** A short page for a missing run or report, with {@code message} escaped. */
  static String notFound(String message) {
    StringBuilder h = new StringBuilder();
    head(h, "Not found");
    return h.append("<h1>Not found</h1><p>")
        .append(esc(message))
        .append("</p><p><a href=\"/runs\">All runs</a></p></body></html>")
        .toString();
  }

  /** The link to a run's stored report.html. */
  static String reportHref(DrillRun run) {
    return "/runs/"
        + path(run.getMetadata().getNamespace())
        + "/"
        + path(run.getMetadata().getName())
        + "/report.html";
  }

  private static void head(StringBuilder h, String title) {
    // The empty data: icon keeps the browser from asking for /favicon.ico.
    h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
        .append("<link rel=\"icon\" href=\"data:,\"><title>")
        .append(esc(title))
        .append("</title><style>")
        .append(STYLE)
        .append("</style></head><body>");
  }

  private static void row(StringBuilder h, DrillRun run, Instant now) {
    DrillRunStatus s = run.getStatus() == null ? DrillRunStatus.empty() : run.getStatus();
    h.append("<tr><td class=\"nw\">").append(esc(run.getMetadata().getName())).append("</td><td>");
    h.append(
            run.getSpec() == null || run.getSpec().trigger() == null
                ? ""
                : esc(triggerName(run.getSpec().trigger())))
        .append("</td><td class=\"nw\">")
        .append(esc(shortTime(s.startTime())))
        .append("</td><td class=\"nw\">")
        .append(esc(took(s, now)))
        .append("</td><td>")
        .append(esc(phaseName(s.phase())))
        .append("</td><td>")
        .append(verdictBadge(s.verdict()))
        .append("</td><td class=\"num\">")
        .append(s.anomalyCount() == null ? "" : s.anomalyCount())
        .append("</td><td>");
    if (s.message() != null) {
      h.append(esc(s.message()));
    }
    anomalies(h, s.anomalies());
    h.append("</td><td>");
    if (s.reportUrl() != null) {
      h.append("<a href=\"").append(esc(reportHref(run))).append("\">report</a>");
    } else {
      h.append("<span class=\"muted\">")
          .append(s.terminal() ? "none" : "pending")
          .append("</span>");
    }
    h.append("</td></tr>");
  }

  /** The first {@value #ANOMALIES_SHOWN} anomalies, as a list. */
  private static void anomalies(StringBuilder h, List<AnomalySummary> all) {
    List<AnomalySummary> shown = all.stream().limit(ANOMALIES_SHOWN).toList();
    if (!shown.isEmpty()) {
      h.append("<ul>");
      for (AnomalySummary a : shown) {
        h.append("<li><b>")
            .append(esc(a.invariant() == null ? "" : a.invariant()))
            .append(a.kind() == null ? "" : " " + esc(a.kind()))
            .append("</b>");
        if (a.key() != null) {
          h.append(" <code>").append(esc(a.key())).append("</code>");
        }
        if (a.message() != null) {
          h.append(": ").append(esc(a.message()));
        }
        h.append("</li>");
      }
      h.append("</ul>");
    }
  }

  /** Runs by drill key ({@code namespace/drill}), drills sorted, newest run first in each. */
  static Map<String, List<DrillRun>> byDrill(List<DrillRun> runs) {
    Map<String, List<DrillRun>> groups = new TreeMap<>();
    for (DrillRun run : runs) {
      String key = run.getMetadata().getNamespace() + "/" + drillName(run);
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(run);
    }
    Comparator<DrillRun> newestFirst =
        Comparator.comparing(RunsPage::startedOrCreated, Comparator.reverseOrder())
            .thenComparing(r -> r.getMetadata().getName());
    groups.values().forEach(g -> g.sort(newestFirst));
    return groups;
  }

  private static String drillName(DrillRun run) {
    if (run.getSpec() != null && run.getSpec().drill() != null) {
      return run.getSpec().drill();
    }
    return "(no drill)";
  }

  private static String description(DrillRun run) {
    DrillRunStatus s = run.getStatus();
    if (s == null || s.snapshot() == null) {
      return null;
    }
    String d = s.snapshot().description();
    return d == null || d.isBlank() ? null : d;
  }

  /** The verdict of the newest run that has one. */
  private static Verdict latestVerdict(List<DrillRun> newestFirst) {
    for (DrillRun run : newestFirst) {
      if (run.getStatus() != null && run.getStatus().verdict() != null) {
        return run.getStatus().verdict();
      }
    }
    return null;
  }

  private static String startedOrCreated(DrillRun run) {
    if (run.getStatus() != null && run.getStatus().startTime() != null) {
      return run.getStatus().startTime();
    }
    String created = run.getMetadata().getCreationTimestamp();
    return created == null ? "" : created;
  }

  private static String took(DrillRunStatus s, Instant now) {
    Instant start = instant(s.startTime());
    if (start == null) {
      return "";
    }
    Instant end = s.completionTime() == null ? now : instant(s.completionTime());
    if (end == null || end.isBefore(start)) {
      return "";
    }
    long seconds = Duration.between(start, end).toSeconds();
    String text = seconds >= 60 ? seconds / 60 + "m" + seconds % 60 + "s" : seconds + "s";
    return s.completionTime() == null ? text + " so far" : text;
  }

  /** An RFC 3339 time as {@code 2026-11-30 01:00:00}, or the text itself when it is not one. */
  private static String shortTime(String text) {
    Instant t = instant(text);
    if (t == null) {
      return text == null ? "" : text;
    }
    String iso = t.truncatedTo(ChronoUnit.SECONDS).toString();
    return iso.replace('T', ' ').replace("Z", "");
  }

  private static Instant instant(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String verdictBadge(Verdict v) {
    if (v == null) {
      return "<span class=\"v none\">—</span>";
    }
    String name = verdictName(v);
    return "<span class=\"v " + name + "\">" + name + "</span>";
  }

  static String verdictName(Verdict v) {
    return switch (v) {
      case PASS -> "Pass";
      case FAIL -> "Fail";
      case ABORTED -> "Aborted";
      case INCONCLUSIVE -> "Inconclusive";
      case ERROR -> "Error";
    };
  }

  private static String phaseName(RunPhase p) {
    if (p == null) {
      return "New";
    }
    String n = p.name();
    return n.charAt(0) + n.substring(1).toLowerCase(Locale.ROOT);
  }

  private static String triggerName(DrillRunSpec.Trigger t) {
    return switch (t) {
      case MANUAL -> "Manual";
      case SCHEDULE -> "Schedule";
      case CI -> "CI";
    };
  }

  private static String path(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Text for HTML element content and double-quoted attribute values. */
  static String esc(String text) {
    StringBuilder b = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
