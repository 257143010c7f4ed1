package dev.firedrill.check.checker;

import dev.firedrill.check.checker.linear.Budget;
import dev.firedrill.check.checker.linear.RegisterHistory;
import dev.firedrill.check.checker.linear.RegisterModel;
import dev.firedrill.check.checker.linear.RegisterOp;
import dev.firedrill.check.checker.linear.Search;
import dev.firedrill.check.checker.linear.SearchOutcome;
import dev.firedrill.check.history.History;
import dev.firedrill.check.history.Op;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Linearizability of registers: there is one total order of the operations that respects real time
 * (an operation that completed before another was invoked comes first) and in which every operation
 * obeys the register's sequential specification.
 *
 * <p>Ops: {@code read}, {@code write}, {@code cas} (see {@link RegisterHistory}). Terms:
 *
 * <ul>
 *   <li><b>indeterminate</b>: completed info or never: it may take effect at any point after its
 *       invocation, or not at all. A process whose op was indeterminate is never reused.
 *   <li><b>nil read</b>: a read that returned nil is accepted whatever the value (Jepsen's
 *       convention: the client could not tell).
 *   <li><b>longest linearizable prefix</b>: the most operations the search could order legally
 *       before getting stuck.
 *   <li><b>nonlinearizable</b>: no legal order exists; reported with the longest prefix, the value
 *       after it, and the operations that cannot come next. INVALID.
 *   <li><b>budget-exhausted</b>: the search ran out of time or memory. UNKNOWN.
 * </ul>
 *
 * <p>Models: {@code register} (read, write), {@code cas-register} (also cas), {@code kv} (a
 * cas-register per key, checked independently, which is sound because linearizability is
 * compositional).
 *
 * @param model which register
 * @param initial the value before the history (nil by default, as in Knossos)
 * @param budget the time and memory the search may use
 */
public record Linearizable(Model model, Object initial, Budget budget) implements Checker {

  /** The register models. */
  public enum Model {
    REGISTER,
    CAS_REGISTER,
    KV
  }

  public Linearizable(Model model) {
    this(model, null, Budget.standard());
  }

  @Override
  public String name() {
    return "linearizable";
  }

  @Override
  public Result check(History history) {
    RegisterHistory registers;
    try {
      registers =
          RegisterHistory.of(history.clientOperations("read", "write", "cas"), model == Model.KV);
    } catch (IllegalArgumentException e) {
      return Result.of(
          name(), List.of(Anomaly.unknown("malformed", null, e.getMessage(), List.of())), Map.of());
    }
    RegisterModel spec =
        model == Model.REGISTER ? RegisterModel.REGISTER : RegisterModel.CAS_REGISTER;
    long deadline = System.nanoTime() + budget.time().toNanos();
    int init = registers.intern(initial);
    List<Anomaly> anomalies = new ArrayList<>();
    long explored = 0;
    long operations = 0;
    for (Map.Entry<String, List<RegisterOp>> reg : registers.registers().entrySet()) {
      List<RegisterOp> ops = reg.getValue();
      operations += ops.size();
      if (ops.stream().anyMatch(o -> !spec.supports(o.kind()))) {
        anomalies.add(
            Anomaly.unknown(
                "malformed",
                reg.getKey(),
                "the register model has no cas; use cas-register",
                List.of()));
        continue;
      }
      SearchOutcome outcome = new Search(ops, spec, init, deadline, budget.cacheBytes()).run();
      explored += outcome.explored();
      anomalies.addAll(explain(reg.getKey(), outcome, registers));
    }
    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put("registers", registers.registers().size());
    stats.put("operations", operations);
    stats.put("indeterminateDropped", registers.dropped());
    stats.put("explored", explored);
    return Result.of(name(), anomalies, stats);
  }

  private static List<Anomaly> explain(String key, SearchOutcome outcome, RegisterHistory h) {
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

  private static Anomaly nonlinearizable(
      String key, SearchOutcome.NotLinearizable n, RegisterHistory h) {
    List<Op> ops = new ArrayList<>();
    List<RegisterOp> prefix = n.prefix();
    List<RegisterOp> tail = prefix.subList(Math.max(0, prefix.size() - 3), prefix.size());
    tail.forEach(o -> ops.add(shown(o)));
    List<RegisterOp> stuck = new ArrayList<>();
    if (n.blocking() != null) {
      stuck.add(n.blocking());
    }
    stuck.addAll(n.candidates());
    stuck.forEach(o -> ops.add(shown(o)));
    Object value = h.value(n.stateAfterPrefix());
    String text =
        Explain.keyed(key)
            + "not linearizable: after the longest linearizable prefix of "
            + prefix.size()
            + " operation(s)"
            + (prefix.isEmpty() ? "" : ", ending with " + Explain.op(shown(prefix.getLast())))
            + ", the register holds "
            + value
            + " and "
            + (n.blocking() == null ? "no operation" : Explain.op(shown(n.blocking())))
            + " cannot be placed"
            + (n.candidates().isEmpty()
                ? ""
                : " (nor " + n.candidates().size() + " concurrent op(s))");
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
