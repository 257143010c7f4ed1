package dev.firedrill.cli;

import dev.firedrill.check.checker.Checker;
import dev.firedrill.check.checker.Compose;
import dev.firedrill.engine.model.InvariantSpec;
import dev.firedrill.engine.model.InvariantType;
import dev.firedrill.engine.model.Workload;
import dev.firedrill.engine.model.WorkloadType;
import dev.firedrill.engine.run.Invariants;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The models {@code firedrill check} knows: each is the invariants a drill would check on one
 * workload type, built by the engine's {@link Invariants} (one mapping, one set of defaults), and
 * the {@code f} names it takes.
 *
 * <p>Naming: {@code kv} is a cas-register per key (read, write, cas; Knossos's conventions, nil
 * initially); {@code string-kv} is a string per key (get, put, append; read and write are taken as
 * get and put; initially the empty string), the model of MIT 6.824's and Porcupine's kv tests.
 */
enum CheckModels {
  REGISTER(WorkloadType.REGISTER, Set.of("read", "write"), InvariantType.LINEARIZABLE),
  CAS_REGISTER(WorkloadType.REGISTER, Set.of("read", "write", "cas"), InvariantType.LINEARIZABLE),
  KV(WorkloadType.KV, Set.of("read", "write", "cas"), InvariantType.LINEARIZABLE),
  STRING_KV(
      WorkloadType.KV, Set.of("get", "put", "append", "read", "write"), InvariantType.LINEARIZABLE),
  SET(
      WorkloadType.SET,
      Set.of("add", "read"),
      InvariantType.NO_LOST_WRITES,
      InvariantType.NO_DUPLICATES),
  COUNTER(WorkloadType.COUNTER, Set.of("add", "read"), InvariantType.COUNTER),
  QUEUE(WorkloadType.QUEUE, Set.of("enqueue", "dequeue", "drain"), InvariantType.QUEUE),
  BANK(WorkloadType.BANK, Set.of("transfer", "read"), InvariantType.CONSERVATION),
  EVENTS(WorkloadType.EVENTS, Set.of("append", "read"), InvariantType.ORDERING),
  CONVERGENCE(
      WorkloadType.KV,
      Set.of("write", "read-source", "read-projection"),
      InvariantType.CONVERGENCE);

  /**
   * The reads a drill adds to any workload that maps {@code readProjection}: every model ignores
   * them (they are the convergence invariant's), so that a drill's history can be re-checked with
   * the model of its workload.
   */
  static final Set<String> PROJECTION_READS = Set.of("read-source", "read-projection");

  private final WorkloadType workload;
  private final Set<String> fs;
  private final List<InvariantType> invariants;

  CheckModels(WorkloadType workload, Set<String> fs, InvariantType... invariants) {
    this.workload = workload;
    this.fs = fs;
    this.invariants = List.of(invariants);
  }

  /**
   * What {@code firedrill check} may set beyond the defaults.
   *
   * @param initial a register's value before the history ({@code --initial}), or null for the
   *     model's default
   * @param window convergence's deadline ({@code --window}), or null for the default
   * @param options the search's time limit and whether stale set reads are violations
   */
  record Settings(String initial, Duration window, Invariants.Options options) {}

  /** The wire name: {@code cas-register}, ... */
  String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The model of this wire name, or null. */
  static CheckModels fromWire(String name) {
    for (CheckModels m : values()) {
      if (m.wireName().equals(name)) {
        return m;
      }
    }
    return null;
  }

  /** Every wire name, comma-separated, in declaration order. */
  static String wireNames() {
    return String.join(", ", java.util.Arrays.stream(values()).map(CheckModels::wireName).toList());
  }

  /** The f names this model takes (besides the projection reads every model ignores). */
  Set<String> fs() {
    return fs;
  }

  /** The models that take this f, by wire name, in declaration order. */
  static List<String> taking(String f) {
    List<String> out = new ArrayList<>();
    for (CheckModels m : values()) {
      if (m.fs.contains(f)) {
        out.add(m.wireName());
      }
    }
    return out;
  }

  /** The checker of this model: its invariants, as the engine builds them. */
  Checker checker(Settings s) {
    Workload shape = new Workload(workload, null, null, null, null, null, null, null, Map.of());
    List<Checker> checkers = new ArrayList<>();
    for (InvariantType type : invariants) {
      InvariantSpec inv =
          new InvariantSpec(
              type,
              type == InvariantType.CONVERGENCE && s.window() != null
                  ? s.window().toMillis() + "ms"
                  : null,
              null,
              null,
              null,
              type == InvariantType.LINEARIZABLE ? wireName() : null,
              type == InvariantType.LINEARIZABLE ? s.initial() : null,
              null);
      checkers.add(Invariants.checker(inv, shape, s.options()));
    }
    return checkers.size() == 1 ? checkers.getFirst() : new Compose(wireName(), checkers);
  }

  /** The f names of a history as the models see them: client ops, projection reads aside. */
  static Set<String> relevant(Set<String> clientFs, CheckModels model) {
    Set<String> out = new TreeSet<>(clientFs);
    if (model != CONVERGENCE) {
      out.removeAll(PROJECTION_READS);
    }
    return out;
  }
}
