package dev.firedrill.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.check.checker.Checker;
import dev.firedrill.engine.model.DrillSpec;
import dev.firedrill.engine.model.InvariantSpec;
import dev.firedrill.engine.model.InvariantType;
import dev.firedrill.engine.model.WorkloadType;
import dev.firedrill.engine.validate.DrillLoader;
import dev.firedrill.engine.validate.LoadResult;
import dev.firedrill.engine.validate.Problem;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every field of an invariant does something or is refused: for each invariant type, on every
 * workload type it checks, and for each parameter of {@link InvariantSpec} (walked from the record,
 * so a new parameter is covered the day it is added), a drill with one value and a drill with
 * another either both get a lint problem at {@code invariants[0].<field>}, or both load and give
 * two different checkers. A parameter validated and then dropped (as {@code maxErrorRate} and
 * {@code maxLatency} once were) makes the checkers equal and fails here. Where the other fields
 * leave one legal value ({@code model} must say cas-register exactly when the workload maps cas),
 * the other is refused and the legal one is the checker's anyway.
 */
class InvariantFieldsTest {

  /** Two different, well-formed values of each parameter, as YAML. */
  private static final Map<String, List<String>> VALUES =
      Map.of(
          "within", List.of("5s", "9s"),
          "probes", List.of("[p]", "[p, q]"),
          "maxErrorRate", List.of("0.1", "0.3"),
          "maxLatency", List.of("100ms", "300ms"),
          "model", List.of("register", "cas-register"),
          "initial", List.of("\"0\"", "\"7\""),
          "total", List.of("100", "200"));

  private final DrillLoader loader = new DrillLoader();

  @Test
  void everyParameterOfEveryInvariantIsHonouredOrRefused() {
    List<String> parameters =
        Arrays.stream(InvariantSpec.class.getRecordComponents())
            .map(RecordComponent::getName)
            .filter(n -> !n.equals("type"))
            .toList();
    assertThat(VALUES.keySet()).as("values for every parameter").containsAll(parameters);
    Map<String, String> verdicts = new LinkedHashMap<>();
    List<String> dropped = new ArrayList<>();
    for (InvariantType type : InvariantType.values()) {
      Set<WorkloadType> workloads =
          type.workloads().isEmpty() ? Set.of(WorkloadType.SET) : type.workloads();
      for (WorkloadType workload : new TreeSet<>(workloads)) {
        LoadResult base = load(type, workload, null, null);
        assertThat(base.problems()).as("the base drill of %s on %s", type, workload).isEmpty();
        for (String field : parameters) {
          String where = type + " on " + workload + ": " + field;
          LoadResult a = load(type, workload, field, VALUES.get(field).get(0));
          LoadResult b = load(type, workload, field, VALUES.get(field).get(1));
          boolean refusedA = refuses(a, field);
          boolean refusedB = refuses(b, field);
          if (refusedA && refusedB) {
            verdicts.put(where, "refused");
            continue;
          }
          if (refusedA || refusedB) {
            // The other fields decide the value (model follows whether cas is mapped): the one
            // accepted value must then be the one the checker takes anyway.
            LoadResult accepted = refusedA ? b : a;
            assertThat(accepted.problems()).as(where).isEmpty();
            assertThat(checker(accepted)).as(where).isEqualTo(checker(base));
            verdicts.put(where, "one value");
            continue;
          }
          assertThat(a.problems()).as(where).isEmpty();
          assertThat(b.problems()).as(where).isEmpty();
          if (checker(a).equals(checker(b))) {
            dropped.add(where + " (" + checker(a) + ")");
          } else {
            verdicts.put(where, "honoured");
          }
        }
      }
    }
    assertThat(dropped).as("parameters accepted and then without effect").isEmpty();
    // The parameters each invariant takes (the rest is refused), as docs/checkers.md lists them.
    assertThat(honoured(verdicts))
        .containsExactly(
            "CONSERVATION on BANK: total",
            "CONVERGENCE on KV: within",
            "CONVERGENCE on REGISTER: within",
            "LINEARIZABLE on KV: initial",
            "LINEARIZABLE on REGISTER: initial",
            "NO_CASCADE on SET: maxErrorRate",
            "NO_CASCADE on SET: maxLatency",
            "NO_CASCADE on SET: probes",
            "RECOVERY on SET: maxErrorRate",
            "RECOVERY on SET: maxLatency",
            "RECOVERY on SET: probes",
            "RECOVERY on SET: within");
    assertThat(verdicts.entrySet().stream().filter(e -> e.getValue().equals("one value")))
        .extracting(Map.Entry::getKey)
        .containsExactlyInAnyOrder("LINEARIZABLE on KV: model", "LINEARIZABLE on REGISTER: model");
  }

  private static List<String> honoured(Map<String, String> verdicts) {
    return verdicts.entrySet().stream()
        .filter(e -> e.getValue().equals("honoured"))
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }

  private static boolean refuses(LoadResult r, String field) {
    return r.problems().stream()
        .map(Problem::path)
        .anyMatch(p -> p.equals("invariants[0]." + field));
  }

  private static Checker checker(LoadResult r) {
    DrillSpec spec = r.drills().getFirst().spec();
    return Invariants.checker(spec.invariants().getFirst(), spec.workload());
  }

  /** A drill of this invariant on this workload, with {@code field: value} when given. */
  private LoadResult load(InvariantType type, WorkloadType workload, String field, String value) {
    StringBuilder y = new StringBuilder();
    y.append("target:\n  processes:\n    - name: svc\n      command: [svc]\n      port: 18080\n");
    y.append("workload:\n  type: ").append(workload.wireName()).append('\n');
    y.append("  baseUrl: http://127.0.0.1:18080\n  rate: 10\n  duration: 10s\n");
    if (workload == WorkloadType.BANK) {
      y.append("  initial: 100\n");
    }
    y.append("  operations:\n");
    Set<String> ops = new TreeSet<>(workload.requiredOperations());
    if (type == InvariantType.CONVERGENCE) {
      ops.add("readProjection");
    }
    for (String op : ops) {
      y.append("    ").append(op).append(": {method: POST, path: \"/").append(op).append("\"");
      if (op.startsWith("read") || op.equals("dequeue")) {
        y.append(", extract: /value");
      } else {
        y.append(", headers: {Idempotency-Key: \"{{idempotencyKey}}\"}");
      }
      y.append("}\n");
    }
    y.append("probes:\n");
    for (String p : List.of("p", "q")) {
      y.append("  - name: ")
          .append(p)
          .append("\n    http: {url: \"http://127.0.0.1:18080/")
          .append(p)
          .append("\"}\n");
    }
    y.append("invariants:\n  - type: ").append(wire(type)).append('\n');
    if (type.readsProbes() && !"probes".equals(field)) {
      y.append("    probes: [p]\n");
    }
    if (field != null) {
      y.append("    ").append(field).append(": ").append(value).append('\n');
    }
    return loader.load("drill.yaml", y.toString());
  }

  private static String wire(InvariantType type) {
    String[] parts = type.name().toLowerCase().split("_");
    StringBuilder out = new StringBuilder(parts[0]);
    for (int i = 1; i < parts.length; i++) {
      out.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
    }
    return out.toString();
  }
}
