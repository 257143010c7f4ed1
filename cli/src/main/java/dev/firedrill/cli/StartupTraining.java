package dev.firedrill.cli;

import dev.firedrill.check.history.JsonlHistoryWriter;
import dev.firedrill.check.history.Op;
import dev.firedrill.check.history.OpType;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The training run of the start-up cache ({@code ./firedrill} makes it on first use with the JDK's
 * {@code -XX:AOTCacheOutput}): runs, in this one JVM and with their output discarded, the short
 * commands whose start time matters — {@code lint} of the drill library, {@code check} of small
 * register and set histories in JSONL and EDN, and the help screens — so that the classes they load
 * are in the cache, already parsed and linked. It reads only {@code <home>/drills} and writes only
 * in a temporary folder it removes. Not a user command: it is started as a main class from the jar.
 *
 * <p>Usage: {@code java -cp firedrill-cli.jar dev.firedrill.cli.StartupTraining [home]}.
 */
public final class StartupTraining {

  private StartupTraining() {}

  public static void main(String[] args) throws IOException {
    Path home = Path.of(args.length > 0 ? args[0] : System.getProperty("firedrill.home", "."));
    Path tmp = Files.createTempDirectory("firedrill-training");
    PrintStream out = System.out;
    PrintStream err = System.err;
    PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
    System.setOut(nowhere);
    System.setErr(nowhere);
    try {
      List<String[]> commands = commands(home, tmp);
      for (int round = 0; round < 3; round++) {
        for (String[] command : commands) {
          int expected = Integer.parseInt(command[0]);
          String[] argv = Arrays.copyOfRange(command, 1, command.length);
          int code =
              Firedrill.commandLine()
                  .setOut(new PrintWriter(nowhere))
                  .setErr(new PrintWriter(nowhere))
                  .execute(argv);
          if (code != expected && round == 0) {
            // The cache is still good, only less complete: say so, as the training is ours.
            err.println(
                "firedrill: start-up training: firedrill "
                    + String.join(" ", argv)
                    + " exited "
                    + code
                    + ", expected "
                    + expected);
          }
        }
      }
    } finally {
      System.setOut(out);
      System.setErr(err);
      try (Stream<Path> files = Files.walk(tmp)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** Each command with the exit code it must end with first: {"0", "lint", ...}. */
  private static List<String[]> commands(Path home, Path tmp) throws IOException {
    Path register = tmp.resolve("register.jsonl");
    JsonlHistoryWriter.writeAll(register, registerHistory());
    Path edn = tmp.resolve("register.edn");
    Files.writeString(
        edn,
        """
        {:type :invoke, :f :write, :value 1, :process 0, :time 1, :index 0}
        {:type :ok, :f :write, :value 1, :process 0, :time 2, :index 1}
        {:type :invoke, :f :cas, :value [1 2], :process 1, :time 3, :index 2}
        {:type :invoke, :f :read, :value nil, :process 0, :time 4, :index 3}
        {:type :ok, :f :read, :value 2, :process 0, :time 5, :index 4}
        {:type :info, :f :cas, :value [1 2], :process 1, :time 6, :index 5, :error :timeout}
        """);
    Path stale = tmp.resolve("stale.jsonl");
    JsonlHistoryWriter.writeAll(stale, staleHistory());
    Path set = tmp.resolve("set.jsonl");
    JsonlHistoryWriter.writeAll(set, setHistory());
    List<String[]> commands = new ArrayList<>();
    Path drills = home.resolve("drills");
    if (Files.isDirectory(drills)) {
      commands.add(new String[] {"0", "lint", drills.toString()});
    }
    commands.add(new String[] {"0", "check", register.toString(), "--model", "cas-register"});
    commands.add(new String[] {"0", "check", register.toString()});
    // an invalid history, beside a valid one: the explanation and several files side by side
    commands.add(
        new String[] {
          "1", "check", register.toString(), stale.toString(), "--model", "cas-register"
        });
    commands.add(new String[] {"0", "check", edn.toString(), "--model", "cas-register"});
    commands.add(new String[] {"0", "check", set.toString(), "--model", "set"});
    commands.add(new String[] {"0", "check", set.toString(), "--model", "set", "--json"});
    commands.add(new String[] {"2", "check", tmp.resolve("missing.jsonl").toString()});
    commands.add(new String[] {"2", "lint", tmp.resolve("missing.yaml").toString()});
    commands.add(new String[] {"0", "--help"});
    commands.add(new String[] {"0", "--version"});
    return commands;
  }

  /** A sequential, linearizable register history: writes, reads of the last write, failed cas. */
  private static List<Op> registerHistory() {
    List<Op> ops = new ArrayList<>();
    long t = 0;
    Long current = null;
    for (int i = 0; i < 40; i++) {
      int p = i % 4;
      String f = i % 3 == 0 ? "write" : i % 3 == 1 ? "read" : "cas";
      Object argument =
          switch (f) {
            case "write" -> (long) (i % 5);
            case "cas" -> List.of(9L, 1L);
            default -> null;
          };
      ops.add(new Op(ops.size(), t++, p, OpType.INVOKE, f, null, argument, null, null, null));
      if (f.equals("write")) {
        current = (Long) argument;
      }
      Object result = f.equals("read") ? current : argument;
      OpType type = f.equals("cas") ? OpType.FAIL : OpType.OK;
      ops.add(new Op(ops.size(), t++, p, type, f, null, result, null, null, null));
    }
    return ops;
  }

  /** Two writes one after the other, then a read of the first one's value: a stale read. */
  private static List<Op> staleHistory() {
    List<Op> ops = new ArrayList<>();
    long t = 0;
    for (long v = 1; v <= 2; v++) {
      int p = (int) v - 1;
      ops.add(new Op(ops.size(), t++, p, OpType.INVOKE, "write", null, v, null, null, null));
      ops.add(new Op(ops.size(), t++, p, OpType.OK, "write", null, v, null, null, null));
    }
    ops.add(new Op(ops.size(), t++, 0, OpType.INVOKE, "read", null, null, null, null, null));
    ops.add(new Op(ops.size(), t, 0, OpType.OK, "read", null, 1L, null, null, null));
    return ops;
  }

  private static List<Op> setHistory() {
    List<Op> ops = new ArrayList<>();
    long t = 0;
    for (long v = 0; v < 30; v++) {
      ops.add(
          new Op(ops.size(), t++, (int) (v % 3), OpType.INVOKE, "add", null, v, null, null, null));
      ops.add(new Op(ops.size(), t++, (int) (v % 3), OpType.OK, "add", null, v, null, null, null));
    }
    ops.add(new Op(ops.size(), t++, 0, OpType.INVOKE, "read", null, null, null, null, null));
    List<Long> all = new ArrayList<>();
    for (long v = 0; v < 30; v++) {
      all.add(v);
    }
    ops.add(new Op(ops.size(), t, 0, OpType.OK, "read", null, all, null, null, null));
    return ops;
  }
}
