package dev.firedrill.engine.report;

import dev.firedrill.check.checker.Anomaly;
import dev.firedrill.check.history.History;
import dev.firedrill.check.history.Op;
import dev.firedrill.check.history.OpType;
import dev.firedrill.check.history.Operation;
import dev.firedrill.engine.run.RunResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code report.html}: one self-contained page (no scripts, no external assets) that shows at a
 * glance what happened and when: the verdict, a timeline of operations by outcome and their latency
 * with the fault windows as bands, probe health, and each invariant with its anomalies, their
 * operations and trace ids. Every string from the system under test is HTML-escaped and its control
 * characters shown as escapes ({@link #esc}). Sections are appended in order by {@link #render}; a
 * new section is a class of its own beside {@link AnomalySection} with one call there.
 */
public final class HtmlReport {

  private static final int WIDTH = 1000;
  private static final int MAX_POINTS = 6000;

  private HtmlReport() {}

  public static void write(RunResult run, History history, Path file) throws IOException {
    Files.writeString(file, render(run, history), StandardCharsets.UTF_8);
  }

  static String render(RunResult run, History history) {
    StringBuilder h = new StringBuilder(64 * 1024);
    String verdict = Reports.verdictName(run.verdict());
    h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Firedrill: ")
        .append(esc(run.drill()))
        .append(" — ")
        .append(verdict)
        .append("</title><style>")
        .append("body{font:14px system-ui,sans-serif;margin:24px;color:#222;max-width:1100px}")
        .append(
            ".verdict{display:inline-block;padding:4px 12px;border-radius:4px;color:#fff;font-weight:bold}")
        .append(
            ".Pass{background:#2e7d32}.Fail{background:#c62828}.Aborted{background:#6a1b9a}.Inconclusive{background:#ef6c00}.Error{background:#555}")
        .append(
            "table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}")
        .append(
            ".valid{color:#2e7d32}.invalid{color:#c62828;font-weight:bold}.unknown{color:#ef6c00}")
        .append(
            "code{font-size:12px}.anomaly{border-left:4px solid #c62828;padding:4px 12px;margin:8px 0;background:#fff5f5}")
        .append(
            ".anomaly.unknown{border-color:#ef6c00;background:#fff8f0}svg{border:1px solid #ddd;background:#fafafa}")
        .append(".anomaly{color:#222;font-weight:normal}.anomaly>b{color:#c62828}")
        .append(".anomaly.unknown>b{color:#ef6c00}.late{color:#c62828;font-weight:bold}")
        .append(
            ".chip{display:inline-block;margin:2px 6px 2px 0;padding:2px 8px;border-radius:10px;border:1px solid currentColor}")
        .append(".description{white-space:pre-line;color:#444}td.t{white-space:nowrap}")
        .append(
            ".logs{border-left:4px solid #1565c0;padding:4px 12px;margin:8px 0;background:#f3f7fc}")
        .append(".context td{color:#888}a.trace{color:#1565c0}td.time{white-space:nowrap}")
        .append("</style></head><body>");
    h.append("<h1>")
        .append(esc(run.drill()))
        .append(" <span class=\"verdict ")
        .append(verdict)
        .append("\">")
        .append(verdict)
        .append("</span></h1>");
    if (run.description() != null && !run.description().isBlank()) {
      h.append("<p class=\"description\">").append(esc(run.description())).append("</p>");
    }
    if (run.message() != null) {
      h.append("<p><b>").append(esc(run.message())).append("</b></p>");
    }
    h.append("<p>seed ")
        .append(run.seed())
        .append(" · ")
        .append(run.elapsed().toMillis() / 1000.0)
        .append(" s · ")
        .append(run.load().invoked())
        .append(" operations (")
        .append(run.load().ok())
        .append(" ok, ")
        .append(run.load().fail())
        .append(" fail, ")
        .append(run.load().info())
        .append(" info, ")
        .append(run.load().dropped())
        .append(" arrivals dropped)</p>");
    summary(h, run);
    Timeline.svg(h, history, anomalyOps(run));
    AnomalySection.render(h, run, OpTimes.of(run, history));
    dev.firedrill.engine.model.ReportSpec settings = ReportSettings.read(run.runDir());
    LogSection.render(h, run, settings);
    nemesis(h, run);
    StepSection.render(h, run);
    h.append("</body></html>\n");
    return TraceLinks.apply(h.toString(), settings, TraceLinks.ids(run));
  }

  /** One chip per invariant: its verdict and anomaly count, readable before scrolling. */
  private static void summary(StringBuilder h, RunResult run) {
    h.append("<p>");
    for (RunResult.InvariantResult r : run.invariants()) {
      String shown = Reports.shownValidity(run, r);
      int n = r.result().allAnomalies().size();
      h.append("<span class=\"chip ")
          .append(shown.equals("not decided") ? "unknown" : shown)
          .append("\">")
          .append(esc(Reports.invariantName(r.invariant())))
          .append(": ")
          .append(shown)
          .append(n == 0 ? "" : " (" + n + (n == 1 ? " anomaly)" : " anomalies)"))
          .append("</span>");
    }
    h.append("</p>");
  }

  /** The ops of every anomaly, marked on the timeline by their index. */
  private static List<Op> anomalyOps(RunResult run) {
    Map<Long, Op> byIndex = new java.util.TreeMap<>();
    for (RunResult.InvariantResult r : run.invariants()) {
      for (Anomaly a : r.result().allAnomalies()) {
        for (Op o : a.ops()) {
          byIndex.putIfAbsent(o.index(), o);
        }
      }
    }
    return List.copyOf(byIndex.values());
  }

  private static void nemesis(StringBuilder h, RunResult run) {
    h.append(
        "<h2>Faults</h2><table><tr><th>step</th><th>fault</th><th>planned</th><th>actual</th><th>late</th><th>detail</th></tr>");
    run.nemesis()
        .forEach(e ->
            h.append("<tr><td>")
                .append(e.step().kind().name().toLowerCase())
                .append("</td><td>")
                .append(esc(e.step().fault().id()))
                .append("</td><td>")
                .append(e.planned().toMillis())
                .append(" ms</td><td>")
                .append(String.format(Locale.ROOT, "%.1f ms", e.actual().toNanos() / 1e6))
                .append(e.lateness().toMillis() > 100 ? "</td><td class=\"late\">" : "</td><td>")
                .append(String.format(Locale.ROOT, "%.1f ms", e.lateness().toNanos() / 1e6))
                .append("</td><td>")
                .append(esc(e.error() != null ? "FAILED: " + e.error() : e.detail()))
                .append("</td></tr>"));
    h.append("</table>");
  }

  /**
   * Text for the page: control characters made visible ({@link SafeText#text}), then HTML's special
   * characters escaped, so no string from the system under test is read as markup.
   */
  static String esc(String raw) {
    if (raw == null) {
      return "";
    }
    String s = SafeText.text(raw);
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** The SVG timeline. */
  private static final class Timeline {
    static void svg(StringBuilder h, History history, List<Op> marked) {
      List<Operation> ops = history.clientOperations();
      long end = 1;
      for (Op o : history.ops()) {
        end = Math.max(end, o.time());
      }
      double x = (WIDTH - 60) / (double) end;
      long maxLatency = 1;
      for (Operation o : ops) {
        if (o.completion() != null) {
          maxLatency = Math.max(maxLatency, o.completion().time() - o.invoke().time());
        }
      }
      List<String> probes =
          new ArrayList<>(
              new TreeSet<>(
                  history.ops().stream()
                      .filter(o -> o.isNemesis() && "probe".equals(o.f()))
                      .map(Op::key)
                      .toList()));
      int height = 246 + probes.size() * 18;
      h.append("<h2>Timeline</h2><svg width=\"")
          .append(WIDTH)
          .append("\" height=\"")
          .append(height)
          .append("\" xmlns=\"http://www.w3.org/2000/svg\">");
      bands(h, history, x, height);
      h.append("<text x=\"4\" y=\"14\" font-size=\"11\">latency (max ")
          .append(maxLatency / 1_000_000)
          .append(" ms)</text>");
      h.append("<text x=\"4\" y=\"158\" font-size=\"10\">0 ms</text>");
      h.append(
          "<text x=\"4\" y=\"180\" font-size=\"10\">ok</text><text x=\"4\" y=\"190\""
              + " font-size=\"10\">fail</text><text x=\"4\" y=\"200\" font-size=\"10\">info</text>");
      int step = Math.max(1, ops.size() / MAX_POINTS);
      for (int i = 0; i < ops.size(); i += step) {
        Operation o = ops.get(i);
        Op done = o.completion();
        OpType type = done == null ? OpType.INFO : done.type();
        String color = type == OpType.OK ? "#2e7d32" : type == OpType.FAIL ? "#c62828" : "#ef6c00";
        double cx = 50 + o.invoke().time() * x;
        if (done != null) {
          double lat = (done.time() - o.invoke().time()) / (double) maxLatency;
          h.append(
              String.format(
                  Locale.ROOT,
                  "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"1.5\" fill=\"%s\"/>",
                  cx,
                  160 - lat * 140,
                  color));
        }
        int lane = type == OpType.OK ? 0 : type == OpType.FAIL ? 1 : 2;
        h.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%.1f\" y=\"%d\" width=\"1.5\" height=\"8\" fill=\"%s\"/>",
                cx,
                172 + lane * 10,
                color));
      }
      probeRows(h, history, probes, x);
      markers(h, marked, x, height);
      axis(h, end, x, height);
      h.append(
          "</svg><p>Top: latency of each operation by start time. Lanes: green ok, red fail (did"
              + " not happen), orange info (unknown). Shaded bands: faults active. Red lines #n:"
              + " operations cited by an anomaly (op n below). Probe rows: green healthy, red"
              + " not.</p>");
    }

    /** Seconds along the bottom, at a round step that gives 5 to 10 ticks. */
    private static void axis(StringBuilder h, long end, double x, int height) {
      double seconds = end / 1e9;
      double[] steps = {0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600};
      double step = steps[steps.length - 1];
      for (double s : steps) {
        if (seconds / s <= 10) {
          step = s;
          break;
        }
      }
      int y = height - 16;
      h.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"50\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>",
              y,
              WIDTH - 10,
              y));
      for (int i = 0; i * step <= seconds + 1e-9 && i <= 100; i++) {
        double px = 50 + i * step * 1e9 * x;
        h.append(
            String.format(
                Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#999\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%s s</text>",
                px,
                y,
                px,
                y + 4,
                px,
                height - 3,
                step < 1
                    ? String.format(Locale.ROOT, "%.1f", i * step)
                    : Long.toString(Math.round(i * step))));
      }
    }

    /**
     * A red line at each operation an anomaly cites (the first 50), labelled with its index where
     * the label does not crowd the previous one.
     */
    private static void markers(StringBuilder h, List<Op> marked, double x, int height) {
      double lastLabel = -1e9;
      int row = 0;
      for (Op o : marked.subList(0, Math.min(50, marked.size()))) {
        double px = 50 + o.time() * x;
        h.append(
            String.format(
                Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"30\" x2=\"%.1f\" y2=\"%d\" stroke=\"#c62828\""
                    + " stroke-opacity=\"0.6\" stroke-dasharray=\"3,2\"/>",
                px,
                px,
                height - 20));
        if (px - lastLabel >= 30) {
          lastLabel = px;
          row = 1 - row;
          h.append(
              String.format(
                  Locale.ROOT,
                  "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" fill=\"#c62828\""
                      + " text-anchor=\"middle\">#%d</text>",
                  px,
                  40 + row * 10,
                  o.index()));
        }
      }
    }

    private static void bands(StringBuilder h, History history, double x, int height) {
      Map<String, Long> open = new HashMap<>();
      for (Op o : history.ops()) {
        if (!o.isNemesis()) {
          continue;
        }
        if ("inject".equals(o.f())) {
          open.put(o.key(), o.time());
        } else if ("heal".equals(o.f()) && open.containsKey(o.key())) {
          band(h, o.key(), open.remove(o.key()), o.time(), x, height);
        }
      }
      open.forEach((k, start) -> band(h, k, start, start + 300_000_000L, x, height));
    }

    private static void band(
        StringBuilder h, String label, long from, long to, double x, int height) {
      h.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%.1f\" y=\"0\" width=\"%.1f\" height=\"%d\" fill=\"#c62828\" fill-opacity=\"0.10\"/>",
              50 + from * x,
              Math.max(2, (to - from) * x),
              height));
      h.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"26\" font-size=\"10\" fill=\"#8e0000\">%s</text>",
              52 + from * x,
              esc(label)));
    }

    private static void probeRows(StringBuilder h, History history, List<String> probes, double x) {
      for (int row = 0; row < probes.size(); row++) {
        int y = 212 + row * 18;
        h.append("<text x=\"4\" y=\"")
            .append(y + 8)
            .append("\" font-size=\"10\">")
            .append(esc(probes.get(row)))
            .append("</text>");
        for (Op o : history.ops()) {
          if (o.isNemesis()
              && "probe".equals(o.f())
              && probes.get(row).equals(o.key())
              && o.value() instanceof Map<?, ?> v) {
            String color = Boolean.TRUE.equals(v.get("healthy")) ? "#2e7d32" : "#c62828";
            h.append(
                String.format(
                    Locale.ROOT,
                    "<rect x=\"%.1f\" y=\"%d\" width=\"3\" height=\"10\" fill=\"%s\"/>",
                    50 + o.time() * x,
                    y,
                    color));
          }
        }
      }
    }
  }
}
