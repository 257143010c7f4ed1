package dev.firedrill.engine.report;

import dev.firedrill.check.checker.Anomaly;
import dev.firedrill.check.history.Op;
import dev.firedrill.engine.model.ReportSpec;
import dev.firedrill.engine.run.RunResult;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the trace ids of report.html into links into the tracing backend ({@code report.traceUrl}).
 * It works on the finished page, so every section that prints a trace id (anomaly tables,
 * explanations, log lines) is linked without knowing of it: in text outside tags, outside {@code
 * <title>}, {@code <style>} and existing links, each 32-hex-digit token that is the trace id of an
 * operation of the run's anomalies becomes {@code <a href="...">id</a>}. Other 32-digit hex strings
 * (a checksum, say) stay text.
 */
final class TraceLinks {

  private static final Pattern TAG = Pattern.compile("<[^>]*>");
  private static final Pattern HEX32 =
      Pattern.compile("(?<![0-9a-fA-F])[0-9a-f]{32}(?![0-9a-fA-F])");

  private TraceLinks() {}

  /** The trace ids of the operations in the run's anomalies. */
  static Set<String> ids(RunResult run) {
    Set<String> ids = new HashSet<>();
    for (RunResult.InvariantResult r : run.invariants()) {
      for (Anomaly a : r.result().allAnomalies()) {
        for (Op o : a.ops()) {
          if (o.traceId() != null) {
            ids.add(o.traceId().toLowerCase(Locale.ROOT));
          }
        }
      }
    }
    return ids;
  }

  /** The page with {@code ids} linked; the page itself when the drill sets no traceUrl. */
  static String apply(String html, ReportSpec settings, Set<String> ids) {
    if (settings.traceUrl() == null || ids.isEmpty()) {
      return html;
    }
    StringBuilder out = new StringBuilder(html.length() + ids.size() * 64);
    Matcher tag = TAG.matcher(html);
    int at = 0;
    int skip = 0; // inside <title>, <style> or <a>
    while (tag.find()) {
      text(out, html.substring(at, tag.start()), skip > 0, settings.traceUrl(), ids);
      String t = tag.group().toLowerCase(Locale.ROOT);
      if (t.startsWith("<title")
          || t.startsWith("<style")
          || t.startsWith("<a ")
          || t.equals("<a>")) {
        skip++;
      } else if ((t.startsWith("</title") || t.startsWith("</style") || t.startsWith("</a>"))
          && skip > 0) {
        skip--;
      }
      out.append(tag.group());
      at = tag.end();
    }
    text(out, html.substring(at), skip > 0, settings.traceUrl(), ids);
    return out.toString();
  }

  /** The link of one trace id, HTML-escaped for an attribute. */
  static String url(String template, String traceId) {
    return HtmlReport.esc(template.replace(ReportSpec.TRACE_ID, traceId));
  }

  private static void text(
      StringBuilder out, String text, boolean skip, String template, Set<String> ids) {
    if (skip) {
      out.append(text);
      return;
    }
    Matcher m = HEX32.matcher(text);
    int at = 0;
    while (m.find()) {
      if (!ids.contains(m.group())) {
        continue;
      }
      out.append(text, at, m.start())
          .append("<a class=\"trace\" href=\"")
          .append(url(template, m.group()))
          .append("\">")
          .append(m.group())
          .append("</a>");
      at = m.end();
    }
    out.append(text, at, text.length());
  }
}
