package dev.firedrill.bench.proxy;

import dev.firedrill.bench.proxy.ProxyBenchmark.Figures;
import java.io.PrintStream;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The benchmark's Markdown table, one row per figure: the median over the repetitions of every
 * target (direct first, Toxiproxy last when measured), the medians of the per-repetition
 * differences to direct, and, against Toxiproxy, the median of the per-repetition ratio of each
 * embedded target's difference to Toxiproxy's (for bulk: the ratio of throughputs).
 */
final class BenchReport {
  private static final int DIRECT = 0;

  private final List<Figures[]> reps;
  private final List<String> names;
  private final boolean toxiproxy;

  /** {@code names}: of the targets, in the order of the figures; Toxiproxy last if measured. */
  BenchReport(List<Figures[]> reps, List<String> names, boolean toxiproxy) {
    this.reps = reps;
    this.names = names;
    this.toxiproxy = toxiproxy;
  }

  void print(PrintStream out) {
    out.printf(
        "%nMedians of %d repetitions (JDK %s, %d CPUs)%n%n",
        reps.size(), Runtime.version(), Runtime.getRuntime().availableProcessors());
    StringBuilder header = new StringBuilder("| workload");
    StringBuilder rule = new StringBuilder("|---");
    for (String name : names) {
      header.append(" | ").append(name);
      rule.append("|---");
    }
    for (int t = 1; t < names.size(); t++) {
      header.append(" | ").append(names.get(t)).append(": added");
      rule.append("|---");
    }
    for (int t = 1; t < reference(); t++) {
      header.append(" | ").append(names.get(t)).append(" / Toxiproxy");
      rule.append("|---");
    }
    out.println(header.append(" |"));
    out.println(rule.append("|"));
    micros(out, "ping-pong, 1 connection, p50", f -> f.one().p50());
    micros(out, "ping-pong, 1 connection, p99", f -> f.one().p99());
    micros(out, "ping-pong, 32 connections, p50", f -> f.many().p50());
    micros(out, "ping-pong, 32 connections, p99", f -> f.many().p99());
    micros(out, "CPU per round trip, 1 connection", Figures::cpuOne);
    micros(out, "CPU per round trip, 32 connections", Figures::cpuMany);
    bulk(out, "bulk, 1 connection", Figures::bulk1);
    bulk(out, "bulk, 8 connections", Figures::bulk8);
  }

  /** The index of Toxiproxy, or the number of targets when it was not measured. */
  private int reference() {
    return toxiproxy ? names.size() - 1 : names.size();
  }

  /** A row in µs: absolute figures, added to direct, and the ratios of the added figures. */
  private void micros(PrintStream out, String name, ToDoubleFunction<Figures> figure) {
    StringBuilder row = new StringBuilder("| " + name);
    for (int t = 0; t < names.size(); t++) {
      row.append(String.format(" | %.1f µs", median(at(t, figure)) / 1000));
    }
    for (int t = 1; t < names.size(); t++) {
      row.append(String.format(" | %+.1f µs", median(added(t, figure)) / 1000));
    }
    int toxi = reference();
    for (int t = 1; t < toxi; t++) {
      ToDoubleFunction<Figures[]> mine = added(t, figure);
      ToDoubleFunction<Figures[]> theirs = added(toxi, figure);
      row.append(
          String.format(" | %.2f×", median(f -> mine.applyAsDouble(f) / theirs.applyAsDouble(f))));
    }
    out.println(row.append(" |"));
  }

  /** A row in GB/s: absolute figures, shares of direct, and throughput ratios to Toxiproxy. */
  private void bulk(PrintStream out, String name, ToDoubleFunction<Figures> figure) {
    StringBuilder row = new StringBuilder("| " + name);
    for (int t = 0; t < names.size(); t++) {
      row.append(String.format(" | %.2f GB/s", median(at(t, figure)) / 1e9));
    }
    for (int t = 1; t < names.size(); t++) {
      ToDoubleFunction<Figures[]> mine = at(t, figure);
      ToDoubleFunction<Figures[]> direct = at(DIRECT, figure);
      row.append(
          String.format(
              " | %.0f%% of direct",
              100 * median(f -> mine.applyAsDouble(f) / direct.applyAsDouble(f))));
    }
    int toxi = reference();
    for (int t = 1; t < toxi; t++) {
      ToDoubleFunction<Figures[]> mine = at(t, figure);
      ToDoubleFunction<Figures[]> theirs = at(toxi, figure);
      row.append(
          String.format(
              " | %.2f× throughput", median(f -> mine.applyAsDouble(f) / theirs.applyAsDouble(f))));
    }
    out.println(row.append(" |"));
  }

  private static ToDoubleFunction<Figures[]> at(int target, ToDoubleFunction<Figures> figure) {
    return f -> figure.applyAsDouble(f[target]);
  }

  private static ToDoubleFunction<Figures[]> added(int target, ToDoubleFunction<Figures> figure) {
    return f -> figure.applyAsDouble(f[target]) - figure.applyAsDouble(f[DIRECT]);
  }

  private double median(ToDoubleFunction<Figures[]> value) {
    double[] values = reps.stream().mapToDouble(value).sorted().toArray();
    int mid = values.length / 2;
    return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  }
}
