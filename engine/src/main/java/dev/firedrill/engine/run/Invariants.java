package dev.firedrill.engine.run;

import dev.firedrill.check.checker.Checker;
import dev.firedrill.check.checker.Conservation;
import dev.firedrill.check.checker.Convergence;
import dev.firedrill.check.checker.Counter;
import dev.firedrill.check.checker.Linearizable;
import dev.firedrill.check.checker.NoCascade;
import dev.firedrill.check.checker.NoDuplicates;
import dev.firedrill.check.checker.NoLostWrites;
import dev.firedrill.check.checker.Ordering;
import dev.firedrill.check.checker.Queue;
import dev.firedrill.check.checker.Recovery;
import dev.firedrill.check.checker.linear.Budget;
import dev.firedrill.engine.model.DurationText;
import dev.firedrill.engine.model.InvariantSpec;
import dev.firedrill.engine.model.Workload;
import dev.firedrill.engine.model.WorkloadType;
import java.time.Duration;
import java.util.Set;

/**
 * The checker of each invariant, configured from the drill: the one mapping from invariants to
 * checkers and the one set of defaults, used by a run and by {@code firedrill check} alike (the
 * CLI's models are invariants on a workload type). Every result's stats carry {@code checked}, the
 * evidence the invariant had (see {@link Checker}).
 *
 * <p>Defaults: {@code within} 30 s (convergence, recovery); the counter starts at the workload's
 * {@code initial}, else 0; the conservation total is {@code total}, else keys × {@code initial},
 * else the first read's total; a linearizability search has {@link Budget#STANDARD_TIME} and a
 * quarter of the heap; {@code noCascade} and {@code recovery} allow no bad sample ({@code
 * maxErrorRate} 0) and bound latency only by the probe's own {@code maxLatency}.
 */
public final class Invariants {

  /** {@code within} when none is given. */
  public static final Duration DEFAULT_WITHIN = Duration.ofSeconds(30);

  /** The keys of a workload that gives none. */
  public static final int DEFAULT_KEYS = 5;

  /**
   * What an offline re-check may set beyond the drill's fields.
   *
   * @param timeLimit the linearizability search's time budget
   * @param linearizableSets a stale set read is a violation (noLostWrites), as for a set that must
   *     be linearizable
   */
  public record Options(Duration timeLimit, boolean linearizableSets) {
    /** What a run uses. */
    public static final Options DEFAULT = new Options(Budget.STANDARD_TIME, false);
  }

  private Invariants() {}

  /** The checker of this invariant of a drill with this workload, with the run's options. */
  public static Checker checker(InvariantSpec inv, Workload workload) {
    return checker(inv, workload, Options.DEFAULT);
  }

  /**
   * The checker of this invariant on a workload of this shape. A checker that reads {@code read}
   * also takes the source's reads ({@code read-source}, what plain reads are called when {@code
   * readProjection} is mapped) for reads ({@link SourceReads}); on a queue, noLostWrites and
   * noDuplicates are the queue checker's lost and duplicated messages ({@link QueueAspect}).
   */
  public static Checker checker(InvariantSpec inv, Workload workload, Options options) {
    return SourceReads.of(mapped(inv, workload, options));
  }

  private static Checker mapped(InvariantSpec inv, Workload workload, Options options) {
    Set<String> probes = Set.copyOf(inv.probes());
    boolean queue = workload.type() == WorkloadType.QUEUE;
    return switch (inv.type()) {
      case NO_LOST_WRITES ->
          queue
              ? new QueueAspect("no-lost-writes", QueueAspect.LOST)
              : new NoLostWrites(options.linearizableSets());
      case NO_DUPLICATES ->
          queue ? new QueueAspect("no-duplicates", QueueAspect.DUPLICATED) : new NoDuplicates();
      case ORDERING -> new Ordering();
      case LINEARIZABLE -> {
        Linearizable.Model model = linearizableModel(inv, workload);
        yield new Linearizable(model, initial(inv, model), Budget.of(options.timeLimit()));
      }
      case COUNTER -> new Counter(workload.initial() == null ? 0 : workload.initial());
      case QUEUE -> new Queue();
      case CONSERVATION -> new Conservation(expectedTotal(inv, workload));
      case CONVERGENCE -> new Convergence(DurationText.parseOr(inv.within(), DEFAULT_WITHIN));
      case NO_CASCADE ->
          new NoCascade(
              probes,
              inv.maxErrorRate() == null ? 0.0 : inv.maxErrorRate(),
              millis(inv.maxLatency()));
      case RECOVERY ->
          new Recovery(
              probes,
              DurationText.parseOr(inv.within(), DEFAULT_WITHIN).toNanos(),
              inv.maxErrorRate() == null ? 0.0 : inv.maxErrorRate(),
              millis(inv.maxLatency()));
    };
  }

  /**
   * Which model the linearizable invariant checks. A kv workload is one register per key: string
   * values with get/put/append semantics ({@code string-kv}) when it maps an {@code append}
   * operation, else a cas-register per key ({@code kv}); {@code model: kv} or {@code string-kv}
   * says so explicitly (as {@code firedrill check} does). A register workload is a {@code
   * cas-register} when it maps {@code cas} (or says so), else a {@code register}.
   */
  public static Linearizable.Model linearizableModel(InvariantSpec inv, Workload workload) {
    Linearizable.Model named = Linearizable.Model.fromWire(inv.model());
    if (workload.type() == WorkloadType.KV) {
      if (named == Linearizable.Model.KV || named == Linearizable.Model.STRING_KV) {
        return named;
      }
      return workload.operations().containsKey("append")
          ? Linearizable.Model.STRING_KV
          : Linearizable.Model.KV;
    }
    if (named == Linearizable.Model.REGISTER || named == Linearizable.Model.CAS_REGISTER) {
      return named;
    }
    return workload.operations().containsKey("cas")
        ? Linearizable.Model.CAS_REGISTER
        : Linearizable.Model.REGISTER;
  }

  /**
   * The value before the history: {@code initial} as written ({@code nil} or {@code null} for nil,
   * which is also the default), or for a string kv the empty string. Values compare by their text,
   * so {@code "0"} matches a history's {@code 0}.
   */
  private static Object initial(InvariantSpec inv, Linearizable.Model model) {
    String text = inv.initial();
    if (text == null || text.equals("nil") || text.equals("null")) {
      return model == Linearizable.Model.STRING_KV ? "" : null;
    }
    return text;
  }

  private static Long expectedTotal(InvariantSpec inv, Workload workload) {
    if (inv.total() != null) {
      return inv.total();
    }
    if (workload.initial() == null) {
      return null; // the first read's total
    }
    int keys = workload.keys() == null ? DEFAULT_KEYS : workload.keys();
    return Math.multiplyExact(keys, workload.initial()); // the validator refuses an overflow
  }

  private static Double millis(String duration) {
    return duration == null ? null : (double) DurationText.parse(duration).toMillis();
  }
}
