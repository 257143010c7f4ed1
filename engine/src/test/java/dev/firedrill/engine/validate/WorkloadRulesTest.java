package dev.firedrill.engine.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.engine.model.RequestTemplate;
import dev.firedrill.engine.model.Workload;
import dev.firedrill.engine.model.WorkloadType;
import dev.firedrill.engine.workload.Generator;
import dev.firedrill.engine.workload.Generators;
import dev.firedrill.engine.workload.Invocation;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The workload rules issue 11 added: a kv workload takes append; lint names what each workload type
 * takes; a placeholder that can never be filled in (in a base URL, a probe's URL, an extract
 * pointer, a name, or one the operation never binds) is a problem with its line, path and fix.
 */
class WorkloadRulesTest {
  private final DrillLoader loader = new DrillLoader();

  private static final String KV =
      """
      workload:
        type: kv
        baseUrl: http://127.0.0.1:18080
        rate: 20
        duration: 1m
        operations:
          read: {path: "/kv/{{key}}", extract: /value}
          write: {method: PUT, path: "/kv/{{key}}", json: '{"v": "{{value}}"}'}
          append: {method: POST, path: "/kv/{{key}}/append", form: {v: "{{value}}"}}
      invariants:
        - type: linearizable
      """;

  /** Where every drill here runs: at the end, so that the lines above keep their numbers. */
  private static final String TARGET =
      """
      target:
        processes:
          - name: kv
            command: [kv-server]
            port: 18080
      """;

  private List<String> problems(String yaml) {
    return loader.load("drill.yaml", yaml + TARGET).problems().stream()
        .map(Problem::format)
        .toList();
  }

  @Test
  void aKvWorkloadMayMapAppend() {
    assertThat(problems(KV)).isEmpty();
  }

  @Test
  void aKvWorkloadMapsCasOrAppendNotBoth() {
    String both =
        KV.replace(
            "    append:",
            "    cas: {method: PUT, path: \"/kv/{{key}}\", query: {prev: \"{{expected}}\"}}\n"
                + "    append:");
    assertThat(problems(both))
        .containsExactly(
            "drill.yaml:10:13: workload.operations.append: a kv workload maps cas (a register per"
                + " key) or append (a string per key), not both (fix: remove"
                + " workload.operations.cas to check strings with append, or remove append)");
  }

  @Test
  void anUnknownOperationSaysWhatTheTypeTakes() {
    String typo = KV.replace("    append:", "    apend2x:");
    assertThat(problems(typo))
        .anySatisfy(p -> assertThat(p).contains("a kv workload has no operation 'apend2x'"));
    String unknown = KV.replace("    append:", "    zzzzzzzz:");
    assertThat(problems(unknown))
        .containsExactly(
            "drill.yaml:9:15: workload.operations.zzzzzzzz: a kv workload has no operation"
                + " 'zzzzzzzz' (fix: a kv workload takes read and write, and optionally append,"
                + " cas or readProjection)");
  }

  @Test
  void aPlaceholderInTheBaseUrlIsNeverFilledIn() {
    String yaml = KV.replace("http://127.0.0.1:18080", "\"http://{{key}}.local:18080\"");
    assertThat(problems(yaml))
        .containsExactly(
            "drill.yaml:3:12: workload.baseUrl: {{key}} is never filled in here: a URL is used as"
                + " written, so every request to it fails to build (fix: write a fixed URL such as"
                + " http://localhost:8080, and put placeholders in an operation's path (path:"
                + " /items/{{key}}) or query)");
    String opBase =
        KV.replace("read: {path:", "read: {baseUrl: \"http://replica/{{process}}\", path:");
    assertThat(problems(opBase))
        .singleElement()
        .asString()
        .startsWith(
            "drill.yaml:7:21: workload.operations.read.baseUrl: {{process}} is never filled in");
  }

  @Test
  void aPlaceholderInAPointerOrANameIsNeverFilledIn() {
    String extract = KV.replace("extract: /value", "extract: \"/{{key}}/value\"");
    assertThat(problems(extract))
        .singleElement()
        .asString()
        .contains(
            "workload.operations.read.extract: {{key}} is never filled in an extract pointer");
    String header =
        KV.replace(
            "append: {method: POST,", "append: {method: POST, headers: {\"X-{{key}}\": \"1\"},");
    assertThat(problems(header))
        .singleElement()
        .asString()
        .contains("{{key}} is never filled in a header's name");
  }

  @Test
  void aPlaceholderTheOperationNeverBindsWouldRenderEmpty() {
    String yaml =
        KV.replace(
            "'{\"v\": \"{{value}}\"}'", "'{\"v\": \"{{value}}\", \"was\": \"{{expected}}\"}'");
    assertThat(problems(yaml))
        .containsExactly(
            "drill.yaml:8:53: workload.operations.write.json: {{expected}} is never filled in for"
                + " write: it would render empty (fix: use {{idempotencyKey}}, {{key}},"
                + " {{process}}, {{value}} here ({{expected}} is filled in for a register or kv"
                + " cas))");
  }

  @Test
  void aPlaceholderInAProbeUrlIsNeverFilledIn() {
    String yaml =
        KV
            + """
            probes:
              - name: health
                http: {url: "http://127.0.0.1:18080/health/{{key}}"}
            """;
    assertThat(problems(yaml))
        .singleElement()
        .asString()
        .contains("probes[0].http.url: {{key}} is never filled in here");
  }

  @Test
  void aModelThatDoesNotApplyIsRefused() {
    String kv =
        KV.replace("  - type: linearizable", "  - type: linearizable\n    model: cas-register");
    assertThat(problems(kv))
        .anySatisfy(p ->
            assertThat(p)
                .contains(
                    "invariants[0].model: a kv workload that maps append is checked as a"
                        + " string per key"));
    String register =
        KV.replace(
                "append: {method: POST, path: \"/kv/{{key}}/append\", form: {v: \"{{value}}\"}}",
                "cas: {method: PUT, path: \"/kv/{{key}}\", query: {prev: \"{{expected}}\"}}")
            .replace("type: kv", "type: register")
            .replace("  - type: linearizable", "  - type: linearizable\n    model: register");
    assertThat(problems(register))
        .containsExactly(
            "drill.yaml:12:12: invariants[0].model: model register has no cas, and the workload"
                + " maps cas (fix: use model: cas-register, or remove workload.operations.cas)");
  }

  @Test
  void aQueueTakesNoProjectionRead() {
    String queue =
        """
        workload:
          type: queue
          baseUrl: http://127.0.0.1:18080
          duration: 1m
          operations:
            enqueue: {method: POST, path: /q}
            dequeue: {method: DELETE, path: /q}
            readProjection: {path: /q/view}
        invariants:
          - type: queue
        """;
    assertThat(problems(queue))
        .singleElement()
        .asString()
        .contains(
            "workload.operations.readProjection: a queue workload has no operation"
                + " 'readProjection' (fix: a queue workload takes dequeue and enqueue, and"
                + " optionally drain)");
  }

  @Test
  void aConservationTotalPastSixtyFourBitsIsRefused() {
    String bank =
        """
        workload:
          type: bank
          baseUrl: http://127.0.0.1:18080
          duration: 1m
          keys: 3
          initial: 9223372036854775807
          operations:
            transfer: {method: POST, path: /transfer}
            read: {path: /balances, extract: /accounts}
        invariants:
          - type: conservation
        """;
    assertThat(problems(bank))
        .singleElement()
        .asString()
        .contains("the expected total, keys × workload.initial, is past 2^63 - 1");
  }

  /** The bound placeholders the rules assume are exactly what each generator binds. */
  @Test
  void theBoundPlaceholdersAreWhatTheGeneratorsBind() {
    for (WorkloadType type : WorkloadType.values()) {
      Set<String> operations = new HashSet<>(type.requiredOperations());
      operations.addAll(type.optionalOperations());
      if (type != WorkloadType.QUEUE) {
        operations.add(WorkloadRules.READ_PROJECTION); // a queue reads no projection
      }
      if (type == WorkloadType.KV) {
        checkBindings(type, Set.of("read", "write", "cas", WorkloadRules.READ_PROJECTION));
        checkBindings(type, Set.of("read", "write", "append"));
      } else {
        checkBindings(type, operations);
      }
    }
  }

  private static void checkBindings(WorkloadType type, Set<String> operations) {
    Map<String, RequestTemplate> templates = new HashMap<>();
    for (String op : operations) {
      templates.put(
          op, new RequestTemplate(null, null, "/" + op, null, null, null, null, null, null));
    }
    Workload w = new Workload(type, "http://x", 10.0, 4, "1m", null, 3, 100L, templates);
    Generator g = Generators.of(w, "r");
    SplittableRandom r = new SplittableRandom(7);
    Map<String, Set<String>> seen = new HashMap<>();
    for (int i = 0; i < 2000; i++) {
      Invocation inv = g.next(i % 4, r);
      seen.computeIfAbsent(inv.operation(), k -> new HashSet<>())
          .addAll(inv.bindings().values().keySet());
    }
    for (Invocation inv : g.finalReads()) {
      seen.computeIfAbsent(inv.operation(), k -> new HashSet<>())
          .addAll(inv.bindings().values().keySet());
    }
    for (Map.Entry<String, Set<String>> e : seen.entrySet()) {
      assertThat(e.getValue())
          .as("%s %s", type, e.getKey())
          .isEqualTo(TemplateRules.bound(type, e.getKey()));
    }
    assertThat(seen.keySet()).as("%s issues every mapped operation", type).isEqualTo(operations);
  }
}
