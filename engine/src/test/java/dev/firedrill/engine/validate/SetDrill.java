package dev.firedrill.engine.validate;

import java.util.List;

/**
 * A valid drill of one local process under a set workload, for the rules tests that vary one
 * top-level field: {@link #with} appends it as the drill's 14th line, so the positions those tests
 * expect stay where they are.
 */
final class SetDrill {

  private static final String BASE =
      """
      target:
        processes:
          - name: orders
            command: [java, -jar, orders.jar]
      workload:
        type: set
        baseUrl: http://127.0.0.1:18080
        duration: 1m
        operations:
          add: {method: POST, path: /items, json: '{"id": "{{value}}"}'}
          read: {path: /items, extract: /ids}
      invariants:
        - type: noLostWrites
      """;

  private SetDrill() {}

  /** The drill with {@code field} (YAML, from column 0) after its invariants. */
  static LoadResult with(String field) {
    return new DrillLoader().load("drill.yaml", BASE + field + "\n");
  }

  /** The problems of {@link #with}, each formatted as the CLI prints it. */
  static List<String> problems(String field) {
    return with(field).problems().stream().map(Problem::format).toList();
  }
}
