package dev.firedrill.bench.check;

import dev.firedrill.check.history.History;
import dev.firedrill.check.history.Op;
import dev.firedrill.check.history.OpType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the operation lines of a Jepsen etcd test log (Jepsen 0.0.x's {@code jepsen.util} logger,
 * as kept in Porcupine's {@code test_data/jepsen/etcd_NNN.log}) as a cas-register {@link History}.
 *
 * <p>A line is {@code INFO jepsen.util - <process> <:type> <:f> <value>}, the fields separated by
 * tabs or by spaces (some logs have their tabs expanded). Types {@code :invoke}, {@code :ok},
 * {@code :fail}, {@code :info}; functions {@code :read}, {@code :write}, {@code :cas}. Values:
 * {@code nil}, an integer, {@code [expected new]} for a cas (our cas-register convention: a list of
 * two values), or a keyword such as {@code :timed-out} on a completion that failed or is
 * indeterminate; such a completion carries its invocation's value and the keyword as its error.
 * Anything else (other loggers, other functions, blank lines) is skipped and counted.
 *
 * <p>Logs carry no timestamps, so an entry's time is its index in milliseconds: only the order
 * matters to the linearizability checker.
 */
public final class JepsenEtcdLog {
  private static final Pattern LINE =
      Pattern.compile(
          "^INFO\\s+jepsen\\.util\\s+-\\s+(\\d+)\\s+:(invoke|ok|fail|info)\\s+:(read|write|cas)"
              + "\\s+(\\S.*?)\\s*$");
  private static final Pattern CAS = Pattern.compile("^\\[\\s*(-?\\d+)\\s+(-?\\d+)\\s*\\]$");

  private JepsenEtcdLog() {}

  /**
   * A converted log.
   *
   * @param history the operations, in log order
   * @param skipped how many lines were not operations
   */
  public record Parsed(History history, int skipped) {}

  /** Reads and converts a log file. */
  public static Parsed read(Path file) throws IOException {
    return parse(Files.readAllLines(file));
  }

  /**
   * Converts the lines of a log.
   *
   * @throws IllegalArgumentException on an operation line whose value cannot be read
   */
  public static Parsed parse(List<String> lines) {
    List<Op> ops = new ArrayList<>();
    Map<Integer, Op> pending = new HashMap<>();
    int skipped = 0;
    for (String line : lines) {
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        skipped++;
        continue;
      }
      int process = Integer.parseInt(m.group(1));
      OpType type = OpType.valueOf(m.group(2).toUpperCase(java.util.Locale.ROOT));
      String f = m.group(3);
      String raw = m.group(4);
      Object value;
      String error = null;
      if (raw.startsWith(":")) {
        if (type == OpType.INVOKE || type == OpType.OK) {
          throw new IllegalArgumentException("a keyword value on an " + type + " line: " + line);
        }
        Op invoke = pending.get(process);
        value = invoke == null ? null : invoke.value();
        error = raw.substring(1);
      } else {
        value = value(f, raw, line);
      }
      long index = ops.size();
      Op op = new Op(index, index * 1_000_000L, process, type, f, null, value, null, null, error);
      ops.add(op);
      if (type == OpType.INVOKE) {
        pending.put(process, op);
      } else {
        pending.remove(process);
      }
    }
    return new Parsed(History.of(ops), skipped);
  }

  private static Object value(String f, String raw, String line) {
    if (raw.equals("nil")) {
      return null;
    }
    if (f.equals("cas")) {
      Matcher m = CAS.matcher(raw);
      if (!m.matches()) {
        throw new IllegalArgumentException("a cas needs [expected new]: " + line);
      }
      return List.of(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
    }
    try {
      return Long.parseLong(raw);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not an integer or nil: " + line, e);
    }
  }

  /**
   * A copy of the history in which every ok read of nil reads {@code sentinel} instead. Checked
   * from an initial value of {@code sentinel}, a nil read then means "the key did not exist" (as in
   * Porcupine's etcd model) rather than our and Knossos's "the client could not tell" (accepted
   * whatever the value).
   */
  public static History nilAsValue(History history, Object sentinel) {
    List<Op> out = new ArrayList<>(history.size());
    for (Op op : history.ops()) {
      boolean nilRead = op.type() == OpType.OK && op.f().equals("read") && op.value() == null;
      out.add(nilRead ? op.withValue(sentinel) : op);
    }
    return History.of(out);
  }
}
