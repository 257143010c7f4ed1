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
import dev.firedrill.engine.report.SafeText;
import dev.firedrill.engine.run.Invariants;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code firedrill check}: re-checks recorded histories offline. Prints one line per file, {@code
 * FILE<TAB>valid|invalid|unknown} (or {@code error} when the file cannot be read or checked, with
 * one line on stderr saying why), then one line per anomaly and one line per checker with what it
 * checked. Exit code: 1 if any file is invalid; else 2 if any could not be read or checked (or an
 * argument is wrong); else 3 if any is unknown; else 0.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = "Check recorded histories (Firedrill JSONL or Jepsen EDN) against an invariant.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  firedrill check run-1/history.jsonl --model set",
      "  firedrill check history.edn --model cas-register --initial 0",
      "  firedrill check porcupine-kv.edn --model string-kv",
      "  firedrill check run-1/history.jsonl --model set --linearizable",
      "",
      "Exit codes: 0 all valid, 1 any invalid, 2 unreadable input or a wrong argument,"
          + " 3 any unknown (none invalid)."
    })
final class CheckCommand implements Callable<Integer> {
  /** The longest --time-limit: a year. */
  static final long MAX_TIME_LIMIT_SECONDS = 365L * 24 * 3600;

  /** The longest --window: what a drill's duration can say in one part (999,999,999 ms). */
  static final long MAX_WINDOW_MILLIS = 999_999_999L;

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
          "register, cas-register, kv (a cas-register per key), string-kv (get/put/append on a"
              + " string per key), set, counter, queue, bank, events or convergence (default:"
              + " inferred when the history fits one model only).")
  String model;

  @Option(
      names = "--initial",
      paramLabel = "VALUE",
      description =
          "Register models: the value before the history (default nil; string-kv: the empty"
              + " string).")
  String initial;

  @Option(
      names = "--window",
      paramLabel = "MILLIS",
      description =
          "Convergence: how long the projection may lag the last write (default 30000 ms, as in a"
              + " drill).")
  String window;

  @Option(
      names = "--time-limit",
      paramLabel = "SECONDS",
      description =
          "Linearizability: search time per file before answering unknown (default 60, at most a"
              + " year).")
  String timeLimit;

  @Option(
      names = "--linearizable",
      description =
          "Set: a stale read (an element absent from a read after it was known, present again"
              + " later) is a violation, as for a set that must be linearizable (default: a note).")
  boolean linearizable;

  @Option(names = "--json", description = "Print the full results as JSON.")
  boolean json;

  /** A file that cannot be checked as asked: said in one line, exit 2. */
  private static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message, null, false, false);
    }
  }

  @Override
  public Integer call() throws JsonProcessingException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    CheckModels forced;
    CheckModels.Settings settings;
    try {
      forced = forcedModel();
      settings = settings();
    } catch (Refused e) {
      err.println(e.getMessage());
      err.flush();
      return Firedrill.CANNOT_RUN;
    }
    List<Map<String, Object>> reports = new ArrayList<>();
    boolean invalid = false;
    boolean refused = false;
    boolean unknown = false;
    for (FileCheck c :
        checkAll(
            forced,
            settings,
            outcome -> {
              out.print(outcome.out());
              err.print(outcome.err());
              out.flush();
              err.flush();
            })) {
      if (c.checked() == null) {
        refused = true;
        continue;
      }
      invalid |= c.checked().result().validity() == Validity.INVALID;
      unknown |= c.checked().result().validity() == Validity.UNKNOWN;
      if (json) {
        reports.add(
            CheckJson.report(c.file(), c.checked().model().wireName(), c.checked().result()));
      }
    }
    if (json) {
      out.println(
          new ObjectMapper()
              .enable(SerializationFeature.INDENT_OUTPUT)
              .writeValueAsString(reports));
    }
    out.flush();
    err.flush();
    return invalid
        ? Firedrill.FAIL
        : refused ? Firedrill.CANNOT_RUN : unknown ? Firedrill.INCONCLUSIVE : Firedrill.PASS;
  }

  /** A file's result and the model it was checked with. */
  private record Checked(CheckModels model, Result result) {}

  /** One file's outcome (null when it could not be checked) and what it prints on each stream. */
  private record FileCheck(Path file, Checked checked, String out, String err) {}

  /**
   * Checks every file, on up to one thread per CPU, and hands each outcome to {@code printer} in
   * the order of the files, as soon as it and every file before it are done. Each file's check is
   * independent (its own history, its own search budget), and a short command spends most of its
   * time in code the JIT is still compiling, which a second core speeds up; one file is checked on
   * the calling thread.
   */
  private List<FileCheck> checkAll(
      CheckModels forced,
      CheckModels.Settings settings,
      java.util.function.Consumer<FileCheck> printer) {
    int threads = Math.min(files.size(), Runtime.getRuntime().availableProcessors());
    List<FileCheck> done = new ArrayList<>(files.size());
    if (threads <= 1) {
      for (Path file : files) {
        FileCheck c = checkOne(file, forced, settings);
        printer.accept(c);
        done.add(c);
      }
      return done;
    }
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(
            threads, Thread.ofPlatform().daemon().name("check-", 0).factory());
    try {
      List<java.util.concurrent.Future<FileCheck>> pending = new ArrayList<>(files.size());
      for (Path file : files) {
        pending.add(pool.submit(() -> checkOne(file, forced, settings)));
      }
      for (java.util.concurrent.Future<FileCheck> f : pending) {
        FileCheck c = join(f);
        printer.accept(c);
        done.add(c);
      }
      return done;
    } finally {
      pool.shutdownNow();
    }
  }

  private static FileCheck join(java.util.concurrent.Future<FileCheck> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.util.concurrent.CancellationException("interrupted");
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private FileCheck checkOne(Path file, CheckModels forced, CheckModels.Settings settings) {
    java.io.StringWriter outText = new java.io.StringWriter();
    java.io.StringWriter errText = new java.io.StringWriter();
    PrintWriter out = new PrintWriter(outText);
    PrintWriter err = new PrintWriter(errText);
    Checked c = check(file, forced, settings, out, err);
    if (c != null && !json) {
      print(out, file, c.result());
    }
    out.flush();
    err.flush();
    return new FileCheck(file, c, outText.toString(), errText.toString());
  }

  /**
   * Reads and checks one file; null when it cannot be read or checked as asked, having printed
   * {@code FILE<TAB>error} and the reason in one line.
   */
  private Checked check(
      Path file,
      CheckModels forced,
      CheckModels.Settings settings,
      PrintWriter out,
      PrintWriter err) {
    try {
      History history = read(file);
      IntFunction<String> where = where(file);
      HistoryShape shape = HistoryShape.of(history);
      CheckModels m = forced != null ? takes(forced, shape, where) : infer(shape, where);
      return new Checked(m, m.checker(settings).check(history));
    } catch (IOException | HistoryFormatException e) {
      out.println(file + "\terror");
      err.println(file + ": cannot read history: " + e.getMessage());
    } catch (Refused e) {
      out.println(file + "\terror");
      err.println(file + ": " + e.getMessage());
    }
    return null;
  }

  private CheckModels forcedModel() throws Refused {
    if (model == null) {
      return null;
    }
    CheckModels m = CheckModels.fromWire(model);
    if (m == null) {
      throw new Refused(
          "--model " + model + ": no such model; use one of " + CheckModels.wireNames());
    }
    return m;
  }

  private CheckModels.Settings settings() throws Refused {
    long seconds =
        number(
            "--time-limit",
            timeLimit,
            Invariants.Options.DEFAULT.timeLimit().toSeconds(),
            1,
            MAX_TIME_LIMIT_SECONDS);
    Duration windowTime =
        window == null
            ? null
            : Duration.ofMillis(number("--window", window, 0, 0, MAX_WINDOW_MILLIS));
    return new CheckModels.Settings(
        initial, windowTime, new Invariants.Options(Duration.ofSeconds(seconds), linearizable));
  }

  private static long number(String option, String text, long fallback, long min, long max)
      throws Refused {
    if (text == null) {
      return fallback;
    }
    long value;
    try {
      value = Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new Refused(option + " " + text + ": not a whole number; give " + min + " to " + max);
    }
    if (value < min || value > max) {
      throw new Refused(option + " " + text + ": out of range; give " + min + " to " + max);
    }
    return value;
  }

  private History read(Path file) throws IOException {
    return switch (format(file)) {
      case "jsonl" -> JsonlHistoryReader.read(file);
      case "jepsen-edn" -> EdnHistoryReader.read(file);
      default ->
          throw new HistoryFormatException("unknown format '" + format + "' (jsonl, jepsen-edn)");
    };
  }

  private String format(Path file) {
    return format != null ? format : file.toString().endsWith(".edn") ? "jepsen-edn" : "jsonl";
  }

  /** How errors name an entry: its line in a JSONL file, its position in an EDN one. */
  private IntFunction<String> where(Path file) {
    return format(file).equals("jsonl")
        ? row -> "line " + JsonlHistoryReader.lineOf(file, row)
        : row -> "op " + row;
  }

  /** The forced model, unless the history has an op it does not take. */
  private static CheckModels takes(CheckModels m, HistoryShape shape, IntFunction<String> where)
      throws Refused {
    List<String> inOrder = new ArrayList<>(CheckModels.relevant(shape.fs(), m));
    inOrder.sort(java.util.Comparator.comparingInt(shape::firstRow));
    for (String f : inOrder) {
      if (!m.fs().contains(f)) {
        List<String> others = CheckModels.taking(f);
        throw new Refused(
            where.apply(shape.firstRow(f))
                + ": model "
                + m.wireName()
                + " has no operation '"
                + f
                + "' (it takes "
                + String.join(", ", new java.util.TreeSet<>(m.fs()))
                + "); "
                + (others.isEmpty()
                    ? "no model takes '" + f + "'"
                    : "the models that take '" + f + "': " + String.join(", ", others)));
      }
    }
    return m;
  }

  /** The one model the history fits, or a refusal that lists the candidates. */
  private static CheckModels infer(HistoryShape shape, IntFunction<String> where) throws Refused {
    List<CheckModels> candidates = shape.candidates();
    if (candidates.size() == 1) {
      return candidates.getFirst();
    }
    if (shape.fs().isEmpty()) {
      throw new Refused(
          "the history has no client operation, so no model can be inferred; give --model (one"
              + " of "
              + CheckModels.wireNames()
              + ")");
    }
    if (candidates.isEmpty()) {
      List<String> inOrder = new ArrayList<>(shape.fs());
      inOrder.sort(java.util.Comparator.comparingInt(shape::firstRow));
      for (String f : inOrder) {
        if (CheckModels.taking(f).isEmpty() && !CheckModels.PROJECTION_READS.contains(f)) {
          throw new Refused(
              where.apply(shape.firstRow(f)) + ": no model takes '" + f + "'; give --model");
        }
      }
      throw new Refused(
          "no one model takes every operation of the history ("
              + String.join(", ", shape.fs())
              + ") with these values; give --model (one of "
              + CheckModels.wireNames()
              + ")");
    }
    throw new Refused(
        "the history fits more than one model ("
            + String.join(", ", shape.fs())
            + "); give "
            + String.join(
                " or ", candidates.stream().map(c -> "--model " + c.wireName()).toList()));
  }

  private static void print(PrintWriter out, Path file, Result result) {
    out.println(file + "\t" + result.validity().wireName());
    for (Anomaly a : result.allAnomalies()) {
      out.println(
          SafeText.line(
              "  " + a.kind() + " (" + a.validity().wireName() + "): " + a.explanation()));
    }
    for (Result leaf : leaves(result)) {
      out.println(SafeText.line("  " + leaf.checker() + ": " + summary(leaf)));
    }
  }

  private static List<Result> leaves(Result r) {
    if (r.children().isEmpty()) {
      return List.of(r);
    }
    List<Result> out = new ArrayList<>();
    r.children().forEach(c -> out.addAll(leaves(c)));
    return out;
  }

  /** The stats worth a line: counts first ({@code checked} leads), nested maps left out. */
  private static String summary(Result result) {
    Map<String, Object> stats = new LinkedHashMap<>(result.stats());
    stats.values().removeIf(v -> v instanceof Map<?, ?>);
    return stats.toString();
  }
}
