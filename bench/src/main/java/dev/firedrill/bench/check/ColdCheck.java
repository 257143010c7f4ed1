package dev.firedrill.bench.check;

import dev.firedrill.check.checker.Linearizable;
import dev.firedrill.check.checker.Result;
import dev.firedrill.check.history.History;
import dev.firedrill.check.history.JsonlHistoryReader;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Locale;

/** One cold check, in a fresh JVM: reads a JSONL cas-register history and checks it once. */
public final class ColdCheck {
  private ColdCheck() {}

  public static void main(String[] args) throws Exception {
    long t0 = System.nanoTime();
    History h = JsonlHistoryReader.read(Path.of(args[0]));
    long t1 = System.nanoTime();
    Result r = new Linearizable(Linearizable.Model.CAS_REGISTER).check(h);
    long t2 = System.nanoTime();
    long sinceStart =
        System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    System.out.printf(
        Locale.ROOT,
        "  %s: %d entries, parse %.1f ms, check %.1f ms, %d ms since JVM start%n",
        r.validity().wireName(),
        h.size(),
        (t1 - t0) / 1e6,
        (t2 - t1) / 1e6,
        sinceStart);
  }
}
