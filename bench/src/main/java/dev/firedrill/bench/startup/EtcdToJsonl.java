package dev.firedrill.bench.startup;

import dev.firedrill.bench.check.JepsenEtcdLog;
import dev.firedrill.check.history.JsonlHistoryWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Converts every Jepsen etcd log ({@code etcd_NNN.log}, as Porcupine keeps them) in a directory to
 * a Firedrill JSONL history in another, for the start-time benchmark's {@code firedrill check} of
 * all of them in one process ({@code bench/startup/startup-bench.sh}).
 *
 * <p>Usage: {@code EtcdToJsonl <dir of etcd_NNN.log> <output dir>}.
 */
public final class EtcdToJsonl {
  private EtcdToJsonl() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: EtcdToJsonl <dir of etcd_NNN.log> <output dir>");
      System.exit(2);
    }
    Path out = Files.createDirectories(Path.of(args[1]));
    List<Path> logs;
    try (Stream<Path> files = Files.list(Path.of(args[0]))) {
      logs = files.filter(f -> f.getFileName().toString().endsWith(".log")).sorted().toList();
    }
    for (Path log : logs) {
      String name = log.getFileName().toString().replace(".log", ".jsonl");
      JsonlHistoryWriter.writeAll(out.resolve(name), JepsenEtcdLog.read(log).history().ops());
    }
    System.out.println(logs.size() + " histories written to " + out);
  }
}
