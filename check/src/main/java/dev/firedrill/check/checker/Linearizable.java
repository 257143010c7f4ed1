package dev.firedrill.check.checker;

import dev.firedrill.check.checker.linear.Budget;
import dev.firedrill.check.checker.linear.RegisterHistory;
import dev.firedrill.check.checker.linear.RegisterModel;
import dev.firedrill.check.checker.linear.RegisterOp;
import dev.firedrill.check.checker.linear.Search;
import dev.firedrill.check.checker.linear.SearchOutcome;
import dev.firedrill.check.checker.linear.SequentialSpec;
import dev.firedrill.check.checker.linear.StaleReads;
import dev.firedrill.check.checker.linear.StringKv;
import dev.firedrill.check.history.History;
import dev.firedrill.check.history.Op;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * Linearizability: there is one total order of the operations that respects real time (an operation
 * that completed before another was invoked comes first) and in which every operation obeys the
 * model's sequential specification.
 *
 * <p>Models ({@link Model}): {@code register} (read, write), {@code cas-register} (also cas, see
 * {@link RegisterHistory}), {@code kv} (a cas-register per key), {@code string-kv} (a string per
 * key with get, put and append, initially empty: the model of MIT 6.824's and Porcupine's kv
 * tests). Keys are checked independently and side by side, which is sound because linearizability
 * is compositional (P-compositionality). Terms:
 *
 * <ul>
 *   <li><b>indeterminate</b>: completed info or never: it may take effect at any point after its
 *       invocation, or not at all. A process whose op was indeterminate is never reused.
 *   <li><b>nil read</b> (registers): a read that returned nil is accepted whatever the value
 *       (Jepsen's convention: the client could not tell). In a string kv, nil is the empty string a
 *       missing key reads as.
 *   <li><b>observation</b>: an ok read (not a nil read of a register) or an ok cas: an operation
 *       that constrains the value. <b>checked</b> (the evidence count) is their number; with none,
 *       no value is constrained and the result is UNKNOWN ({@code nothing-to-check}).
 *   <li><b>longest linearizable prefix</b>: the most operations the search could order legally
 *       before getting stuck.
 *   <li><b>nonlinearizable</b>: no legal order exists; reported with the longest prefix, the value
 *       after it, and the operations that cannot come next. INVALID.
 *   <li><b>stale read</b> (registers, not string kv): an ok read of a value every possible writer
 *       of which had completed before an acknowledged write of another value, which itself
 *       completed before the read began ({@link StaleReads}). Each is proof the key is not
 *       linearizable, so INVALID even when the search ran out of budget. Unlike the search, which
 *       stops at a key's first contradiction, every stale read is counted ({@code staleReads}) and
 *       the first {@link #STALE_READS_LISTED} are listed, each with its read and trace id.
 *   <li><b>budget-exhausted</b>: the search ran out of time or memory. UNKNOWN.
 *   <li><b>stopped</b>: once one key is not linearizable (so the verdict is INVALID), the keys
 *       still being searched get one more second; a key still undecided then says so. UNKNOWN.
 *   <li><b>malformed</b>: an operation the model cannot take (a cas in a plain register, a value
 *       that is not a string in a string kv). UNKNOWN.
 * </ul>
 *
 * @param model which model
 * @param initial the value before the history (nil by default, as in Knossos; for string kv the
 *     empty string)
 * @param budget the time and memory the search may use, for all keys together
 */
public record Linearizable(Model model, Object initial, Budget budget) implements Checker {

  /** The models, by the wire name {@code firedrill check --model} takes. */
  public enum Model {
    REGISTER(false, false, Set.of("read", "write")),
    CAS_REGISTER(false, false, Set.of("read", "write", "cas")),
    KV(true, false, Set.of("read", "write", "cas")),
    STRING_KV(true, true, Set.of("get", "put", "append", "read", "write"));

    private final boolean keyed;
    private final boolean strings;
    private final Set<String> fs;

    Model(boolean keyed, boolean strings, Set<String> fs) {
      this.keyed = keyed;
      this.strings = strings;
      this.fs = fs;
    }

    /** {@code register}, {@code cas-register}, {@code kv} or {@code string-kv}. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The model of this wire name, or null. */
    public static Model fromWire(String name) {
      for (Model m : values()) {
        if (m.wireName().equals(name)) {
          return m;
        }
      }
      return null;
    }

    /** The f names the model takes. */
    public Set<String> fs() {
      return fs;
    }
  }

  public Linearizable(Model model) {
    this(model, null, Budget.standard());
  }

  @Override
  public String name() {
    return "linearizable";
  }

  @Override
  public Set<String> reads() {
    return model.fs();
  }

  @Override
  public Result check(History history) {
    // A plain register also reads cas, to refuse it rather than ignore it.
    String[] fs =
        (model == Model.REGISTER ? Model.CAS_REGISTER.fs() : model.fs()).toArray(String[]::new);
    RegisterHistory registers;
    int init;
    try {
      registers = RegisterHistory.of(history.clientOperations(fs), model.keyed, model.strings);
      init = registers.intern(initial);
    } catch (IllegalArgumentException e) {
      return Result.of(
          name(),
          List.of(Anomaly.unknown("malformed", null, e.getMessage(), List.of())),
          Map.of(Evidence.CHECKED, 0L));
    }
    List<Map.Entry<String, List<RegisterOp>>> keys =
        new ArrayList<>(registers.registers().entrySet());
    List<KeyResult> results = checkKeys(keys, registers, init);
    List<Anomaly> anomalies = new ArrayList<>();
    long explored = 0;
    long operations = 0;
    for (KeyResult r : results) {
      anomalies.addAll(r.anomalies());
      explored += r.explored();
      operations += r.operations();
    }
    long stale = model.strings ? 0 : staleReads(keys, init, anomalies);
    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put(Evidence.CHECKED, registers.observations());
    stats.put("registers", keys.size());
    stats.put("operations", operations);
    stats.put("indeterminateDropped", registers.dropped());
    stats.put("explored", explored);
    if (stale > 0) {
      stats.put("staleReads", stale);
      if (stale > STALE_READS_LISTED) {
        stats.put("staleReadsListed", STALE_READS_LISTED);
      }
    }
    return Result.of(
        name(), Evidence.require(registers.observations(), anomalies, missing(operations)), stats);
  }

  /** At most this many stale reads become anomalies; {@code staleReads} counts them all. */
  public static final int STALE_READS_LISTED = 100;

  /**
   * Adds the first {@link #STALE_READS_LISTED} stale reads (by key, then invocation) as anomalies
   * and returns how many there are in all.
   */
  private static long staleReads(
      List<Map.Entry<String, List<RegisterOp>>> keys, int init, List<Anomaly> anomalies) {
    long count = 0;
    for (Map.Entry<String, List<RegisterOp>> key : keys) {
      for (StaleReads.Stale s : StaleReads.of(key.getValue(), init)) {
        if (count++ < STALE_READS_LISTED) {
          anomalies.add(staleRead(key.getKey(), s));
        }
      }
    }
    return count;
  }

  private static Anomaly staleRead(String key, StaleReads.Stale s) {
    Op read = shown(s.read());
    Op over = shown(s.overwrite());
    String text =
        Explain.keyed(key)
            + "stale read: "
            + Explain.op(read)
            + " returned "
            + read.value()
            + ", but "
            + Explain.op(over)
            + " had already completed, after every write that could have produced "
            + read.value();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("read", read.index());
    details.put("value", read.value());
    details.put("overwrittenBy", over.index());
    details.put("overwrittenWith", over.value());
    if (read.traceId() != null) {
      details.put("traceId", read.traceId());
    }
    if (read.endpoint() != null) {
      details.put("endpoint", read.endpoint());
    }
    return Anomaly.invalid("stale-read", key, text, List.of(over, read)).with(details);
  }

  /** Every key's result, in key order. */
  private List<KeyResult> checkKeys(
      List<Map.Entry<String, List<RegisterOp>>> keys, RegisterHistory registers, int init) {
    Stop stop = new Stop(budget.deadline(System.nanoTime()));
    long cachePerSearch =
        budget.cacheBytes()
            / Math.max(1, Math.min(keys.size(), Runtime.getRuntime().availableProcessors()));
    // Keys one after another while that is quick; the rest side by side once it is not, so that a
    // small history pays no hand-off between threads and a long or hard one uses every CPU.
    List<KeyResult> results = new ArrayList<>(keys.size());
    long sequentialUntil = System.nanoTime() + SEQUENTIAL_NANOS;
    int next = 0;
    while (next < keys.size() && System.nanoTime() < sequentialUntil) {
      results.add(check(keys.get(next++), registers, init, stop, cachePerSearch));
    }
    if (next < keys.size()) {
      results.addAll(
          IntStream.range(next, keys.size())
              .parallel()
              .mapToObj(i -> check(keys.get(i), registers, init, stop, cachePerSearch))
              .toList());
    }
    return results;
  }

  /** What a history with no observation lacked. */
  private String missing(long operations) {
    if (operations == 0) {
      return "no " + String.join(", ", new java.util.TreeSet<>(model.fs())) + " in the history";
    }
    return model.strings
        ? operations + " operation(s), but no get or read completed ok"
        : operations
            + " operation(s), but no ok read returned a value and no cas completed (a nil read"
            + " is accepted whatever the value)";
  }

  private record KeyResult(List<Anomaly> anomalies, long explored, long operations) {}

  /** Keys are checked one after another for this long, then the rest side by side. */
  static final long SEQUENTIAL_NANOS = 20_000_000L;

  /** Once one key is not linearizable, the keys still being searched get this much longer. */
  static final long STOP_GRACE_NANOS = 1_000_000_000L;

  /**
   * The deadline the keys share: the budget's, moved to {@link #STOP_GRACE_NANOS} from now when a
   * key is found not linearizable. The verdict is then invalid whatever the other keys say, and one
   * key's proof must not wait for another key's exhaustive search (a search that proves no order
   * exists can take far longer than one that finds an order).
   */
  private static final class Stop {
    final long budgetDeadline;
    final java.util.concurrent.atomic.AtomicLong deadline;
    final java.util.concurrent.atomic.AtomicReference<String> failedKey =
        new java.util.concurrent.atomic.AtomicReference<>();

    Stop(long budgetDeadline) {
      this.budgetDeadline = budgetDeadline;
      this.deadline = new java.util.concurrent.atomic.AtomicLong(budgetDeadline);
    }

    void failed(String key) {
      if (failedKey.compareAndSet(null, String.valueOf(key))) {
        long soon = System.nanoTime() + STOP_GRACE_NANOS;
        deadline.accumulateAndGet(soon, Math::min);
      }
    }

    /** Whether a search that ran out of time was stopped early (rather than by the budget). */
    boolean stoppedEarly() {
      return failedKey.get() != null && deadline.get() < budgetDeadline;
    }
  }

  private KeyResult check(
      Map.Entry<String, List<RegisterOp>> register,
      RegisterHistory h,
      int init,
      Stop stop,
      long cacheBytes) {
    String key = register.getKey();
    List<RegisterOp> ops = register.getValue();
    SequentialSpec spec;
    IntFunction<Object> describe;
    if (model.strings) {
      StringKv kv = new StringKv(h, ops);
      spec = kv;
      describe = kv::text;
    } else {
      spec = model == Model.REGISTER ? RegisterModel.REGISTER : RegisterModel.CAS_REGISTER;
      describe = h::value;
    }
    for (RegisterOp o : ops) {
      if (!spec.supports(o.kind())) {
        return new KeyResult(
            List.of(
                Anomaly.unknown(
                    "malformed",
                    key,
                    Explain.keyed(key)
                        + "the "
                        + model.wireName()
                        + " model has no "
                        + o.kind().name().toLowerCase(Locale.ROOT)
                        + (o.kind() == RegisterOp.Kind.CAS ? "; use cas-register" : ""),
                    List.of())),
            0,
            ops.size());
      }
    }
    SearchOutcome outcome = new Search(ops, spec, init, stop.deadline::get, cacheBytes).run();
    if (outcome instanceof SearchOutcome.NotLinearizable) {
      stop.failed(key);
    }
    if (outcome instanceof SearchOutcome.Exhausted e
        && e.reason().startsWith("time")
        && stop.stoppedEarly()) {
      return new KeyResult(
          List.of(
              Anomaly.unknown(
                      "stopped",
                      key,
                      Explain.keyed(key)
                          + "not decided: the search stopped "
                          + STOP_GRACE_NANOS / 1_000_000_000
                          + " s after key "
                          + stop.failedKey.get()
                          + " was found not linearizable, after a linearizable prefix of "
                          + e.deepestPrefix()
                          + " operations",
                      List.of())
                  .with(Map.of("deepestPrefix", e.deepestPrefix()))),
          outcome.explored(),
          ops.size());
    }
    return new KeyResult(explain(key, outcome, describe), outcome.explored(), ops.size());
  }

  private List<Anomaly> explain(String key, SearchOutcome outcome, IntFunction<Object> h) {
    return switch (outcome) {
      case SearchOutcome.Linearized l -> List.of();
      case SearchOutcome.Exhausted e ->
          List.of(
              Anomaly.unknown(
                      "budget-exhausted",
                      key,
                      Explain.keyed(key)
                          + e.reason()
                          + " after a linearizable prefix of "
                          + e.deepestPrefix()
                          + " operations",
                      List.of())
                  .with(Map.of("deepestPrefix", e.deepestPrefix())));
      case SearchOutcome.NotLinearizable n -> List.of(nonlinearizable(key, n, h));
    };
  }

  private Anomaly nonlinearizable(
      String key, SearchOutcome.NotLinearizable n, IntFunction<Object> h) {
    List<Op> ops = new ArrayList<>();
    List<RegisterOp> prefix = n.prefix();
    List<RegisterOp> tail = prefix.subList(Math.max(0, prefix.size() - 3), prefix.size());
    tail.forEach(o -> ops.add(shown(o)));
    List<RegisterOp> stuck = new ArrayList<>();
    if (n.blocking() != null) {
      stuck.add(n.blocking());
    }
    stuck.addAll(n.candidates());
    if (n.constraint() != null) {
      stuck.add(n.constraint());
    }
    stuck.forEach(o -> ops.add(shown(o)));
    Object value = h.apply(n.stateAfterPrefix());
    String text =
        Explain.keyed(key)
            + "not linearizable: after the longest linearizable prefix of "
            + prefix.size()
            + " operation(s)"
            + (prefix.isEmpty() ? "" : ", ending with " + Explain.op(shown(prefix.getLast())))
            + (model.strings ? ", the key holds " : ", the register holds ")
            + (model.strings ? "\"" + value + "\"" : value)
            + " and "
            + (n.blocking() == null ? "no operation" : Explain.op(shown(n.blocking())))
            + " cannot be placed"
            + (n.candidates().isEmpty()
                ? ""
                : " (nor " + n.candidates().size() + " concurrent op(s))")
            + (n.constraint() == null
                ? ""
                : " so that " + Explain.op(shown(n.constraint())) + " reads what it returned");
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("prefixLength", prefix.size());
    details.put(
        "prefixTail",
        prefix.subList(Math.max(0, prefix.size() - 20), prefix.size()).stream()
            .map(o -> o.source().invoke().index())
            .toList());
    details.put("valueAfterPrefix", value == null ? "nil" : value);
    details.put("unplaceable", stuck.stream().map(o -> o.source().invoke().index()).toList());
    return Anomaly.invalid("nonlinearizable", key, text, ops).with(details);
  }

  /** The op that best shows an operation: its completion when it has one. */
  private static Op shown(RegisterOp o) {
    return o.source().completion() != null ? o.source().completion() : o.source().invoke();
  }
}
