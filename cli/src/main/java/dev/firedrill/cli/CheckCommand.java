package dev.firedrill.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.firedrill.check.checker.Anomaly;
import dev.firedrill.check.checker.Result;
import dev.firedrill.check.checker.Validity;
import dev.firedrill.check.history.EdnHistoryReader;
import dev.firedrill.check.history.History;
import dev.firedrill.check.history.HistoryFormatException;
import dev.firedrill.check.history.JsonlHistoryReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code firedrill check}: re-checks recorded histories offline. Prints one line per file, {@code
 * FILE<TAB>valid|invalid|unknown} (or {@code error} when the file cannot be read), then one line
 * per anomaly. Exit code: 1 if any file is invalid; else 2 if any could not be read; else 3 if any
 * is unknown; else 0.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = "Check recorded histories (Firedrill JSONL or Jepsen EDN) against an invariant.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  firedrill check run-1/history.jsonl --model set",
      "  firedrill check history.edn --model cas-register --initial 0",
      "  firedrill check run-1/history.jsonl --model set --linearizable",
      "",
      "Exit codes: 0 all valid, 1 any invalid, 2 unreadable input, 3 any unknown (none invalid)."
    })
final class CheckCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "History files.")
  List<Path> files;

  @Option(
      names = "--format",
      paramLabel = "jsonl|jepsen-edn",
      description = "History format (default: jepsen-edn for *.edn, else jsonl).")
  String format;

  @Option(
      names = "--model",
      paramLabel = "MODEL",
      description =
          "register, cas-register, kv, set, counter, queue, bank, events or convergence"
              + " (default: inferred from the ops' f names).")
  String model;

  @Option(
      names = "--initial",
      paramLabel = "VALUE",
      description = "Register models: the value before the history (default nil).")
  String initial;

  @Option(
      names = "--window",
      paramLabel = "MILLIS",
      defaultValue = "10000",
      description =
          "Convergence: how long the projection may lag the last write (default 10000 ms).")
  long windowMillis;

  @Option(
      names = "--time-limit",
      paramLabel = "SECONDS",
      defaultValue = "60",
      description = "Linearizability: search time per file before answering unknown (default 60).")
  long timeLimitSeconds;

  @Option(
      names = "--linearizable",
      description =
          "Set: a stale read (an element absent from a read after it was known, present again"
              + " later) is a violation, as for a set that must be linearizable (default: a note).")
  boolean linearizable;

  @Option(names = "--json", description = "Print the full results as JSON.")
  boolean json;

  @Override
  public Integer call() throws JsonProcessingException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    CheckModels forced;
    try {
      forced = model == null ? null : CheckModels.fromWire(model);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    List<Map<String, Object>> reports = new ArrayList<>();
    boolean invalid = false;
    boolean unreadable = false;
    boolean unknown = false;
    for (Path file : files) {
      History history;
      try {
        history = read(file);
      } catch (IOException | HistoryFormatException e) {
        unreadable = true;
        out.println(file + "\terror");
        err.println(file + ": cannot read history: " + e.getMessage());
        continue;
      }
      CheckModels m = forced == null ? CheckModels.infer(history) : forced;
      Result result =
          m.checker(
                  initialValue(),
                  linearizable,
                  Duration.ofMillis(windowMillis),
                  Duration.ofSeconds(timeLimitSeconds))
              .check(history);
      invalid |= result.validity() == Validity.INVALID;
      unknown |= result.validity() == Validity.UNKNOWN;
      if (json) {
        reports.add(CheckJson.report(file, m.wireName(), result));
      } else {
        print(out, file, m, result);
      }
    }
    if (json) {
      out.println(
          new ObjectMapper()
              .enable(SerializationFeature.INDENT_OUTPUT)
              .writeValueAsString(reports));
    }
    out.flush();
    return invalid
        ? Firedrill.FAIL
        : unreadable ? Firedrill.CANNOT_RUN : unknown ? Firedrill.INCONCLUSIVE : Firedrill.PASS;
  }

  private History read(Path file) throws IOException {
    String f = format != null ? format : file.toString().endsWith(".edn") ? "jepsen-edn" : "jsonl";
    return switch (f) {
      case "jsonl" -> JsonlHistoryReader.read(file);
      case "jepsen-edn" -> EdnHistoryReader.read(file);
      default -> throw new HistoryFormatException("unknown format '" + f + "' (jsonl, jepsen-edn)");
    };
  }

  /** nil/null: nil; an integer: that number; anything else: the string. */
  private Object initialValue() {
    if (initial == null || initial.equals("nil") || initial.equals("null")) {
      return null;
    }
    try {
      return Long.parseLong(initial);
    } catch (NumberFormatException e) {
      return initial;
    }
  }

  private static void print(PrintWriter out, Path file, CheckModels m, Result result) {
    out.println(file + "\t" + result.validity().wireName());
    List<Anomaly> anomalies = result.allAnomalies();
    if (anomalies.isEmpty()) {
      out.println("  " + m.wireName() + ": no anomalies in " + summary(result));
    }
    for (Anomaly a : anomalies) {
      out.println("  " + a.kind() + " (" + a.validity().wireName() + "): " + a.explanation());
    }
  }

  private static String summary(Result result) {
    Map<String, Object> stats = new LinkedHashMap<>(result.stats());
    result.children().forEach(c -> c.stats().forEach(stats::putIfAbsent));
    stats.values().removeIf(v -> v instanceof Map<?, ?>);
    return stats.toString();
  }
}
