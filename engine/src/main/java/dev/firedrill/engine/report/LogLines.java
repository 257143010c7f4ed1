package dev.firedrill.engine.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the log lines that mention trace ids, in the services' captured logs: {@code
 * <runDir>/logs/<service>.log} (a local run's process output; a cluster runner that writes the
 * target pods' logs there gets the same). A line mentions a trace id when the id appears in it as a
 * whole 32-hex-digit token, which covers plain text ({@code trace_id=...}, {@code [trace ...]}) and
 * structured JSON logs ({@code "trace_id": "..."}, {@code "traceId": "..."}) alike. A line's time
 * is its JSON {@code time}, {@code timestamp}, {@code @timestamp} or {@code ts} field, else a
 * leading ISO-8601 timestamp, else blank.
 *
 * <p>One pass over each file, whatever the number of anomalies; at most {@link #MAX_PER_TRACE}
 * matching lines per trace id are kept.
 */
final class LogLines {

  static final int MAX_PER_TRACE = 20;

  private static final Pattern HEX32 =
      Pattern.compile("(?<![0-9a-fA-F])[0-9a-fA-F]{32}(?![0-9a-fA-F])");
  private static final Pattern LEADING_TIME =
      Pattern.compile(
          "^\\[?(\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d+)?(?:Z|[+-]\\d{2}:?\\d{2})?)");
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One line of a service's log.
   *
   * @param number its line number in the file, from 1
   * @param match true for a line that mentions the trace id, false for a context line
   */
  record Line(String service, int number, String time, String text, boolean match) {}

  private LogLines() {}

  /**
   * For each trace id, the lines that mention it in every log of {@code logs}, each with {@code
   * context} lines before and after; services in name order, lines in file order.
   */
  static Map<String, List<Line>> find(Path logs, Set<String> traceIds, int context)
      throws IOException {
    Map<String, List<Line>> found = new TreeMap<>();
    if (traceIds.isEmpty() || !Files.isDirectory(logs)) {
      return found;
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(logs)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList();
    }
    for (Path file : files) {
      String service = file.getFileName().toString().replaceFirst("\\.log$", "");
      scan(file, service, traceIds, context, found);
    }
    return found;
  }

  private static void scan(
      Path file, String service, Set<String> ids, int context, Map<String, List<Line>> found)
      throws IOException {
    Deque<Line> before = new ArrayDeque<>();
    List<Pending> pending = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String text;
      int number = 0;
      while ((text = in.readLine()) != null) {
        number++;
        Line plain = new Line(service, number, time(text), text, false);
        for (Pending p : pending) {
          if (p.after > 0) {
            p.lines.add(plain);
            p.after--;
          }
        }
        pending.removeIf(p -> p.after == 0);
        Matcher m = HEX32.matcher(text);
        Set<String> here = new java.util.LinkedHashSet<>();
        while (m.find()) {
          String id = m.group().toLowerCase(Locale.ROOT);
          if (ids.contains(id)) {
            here.add(id);
          }
        }
        for (String id : here) {
          List<Line> lines = found.computeIfAbsent(id, k -> new ArrayList<>());
          if (lines.stream().filter(Line::match).count() >= MAX_PER_TRACE) {
            continue;
          }
          for (Line b : before) {
            if (lines.stream()
                .noneMatch(l -> l.service().equals(service) && l.number() == b.number())) {
              lines.add(b);
            }
          }
          lines.removeIf(l -> l.service().equals(service) && l.number() == plain.number());
          lines.add(new Line(service, number, plain.time(), text, true));
          if (context > 0) {
            pending.add(new Pending(lines, context));
          }
        }
        before.addLast(plain);
        if (before.size() > context) {
          before.removeFirst();
        }
      }
    }
  }

  /** Context lines still to collect after a match. */
  private static final class Pending {
    final List<Line> lines;
    int after;

    Pending(List<Line> lines, int after) {
      this.lines = lines;
      this.after = after;
    }
  }

  /** The time a line carries, or the empty string. */
  static String time(String text) {
    String t = text.strip();
    if (t.startsWith("{")) {
      try {
        JsonNode node = JSON.readTree(t);
        for (String field : List.of("time", "timestamp", "@timestamp", "ts")) {
          JsonNode v = node.get(field);
          if (v != null && !v.isNull()) {
            return v.asText();
          }
        }
      } catch (IOException notJson) {
        // a line that only starts like JSON: plain text
      }
    }
    Matcher m = LEADING_TIME.matcher(t);
    return m.find() ? m.group(1) : "";
  }
}
