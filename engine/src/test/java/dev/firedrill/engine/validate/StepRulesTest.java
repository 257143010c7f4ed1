package dev.firedrill.engine.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.engine.model.StepSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rules of setup and teardown steps: one of http or command, unique names, known placeholders,
 * real statuses and exit codes, a shape the structure check knows (did-you-mean on a misspelt
 * field), each problem with its file, line, field and fix.
 */
class StepRulesTest {

  private static List<String> problems(String steps) {
    return SetDrill.problems(steps);
  }

  private static LoadResult load(String steps) {
    return SetDrill.with(steps);
  }

  @Test
  void httpAndCommandStepsWithStepPlaceholdersAreValid() {
    String steps =
        """
        setup:
          - name: fresh-data
            command: {argv: [mkdir, -p, "{{runDir}}/data"], env: {RUN: "{{runId}}"}}
          - name: reset
            http:
              method: DELETE
              url: http://127.0.0.1:2379/v2/keys/firedrill?recursive=true
              headers: {X-Run: "{{runId}}-{{seed}}"}
              expectStatus: [200, 404]
            timeout: 5s
        teardown:
          - name: reset
            command: {argv: ["${java}", -version], expectExit: 0, workingDir: "{{runDir}}"}
        """;
    LoadResult r = load(steps);
    assertThat(r.problems()).isEmpty();
    StepSpec reset = r.drills().getFirst().spec().setup().get(1);
    assertThat(reset.kind()).isEqualTo("http");
    assertThat(reset.http().expects(404)).isTrue();
    assertThat(reset.http().expects(204)).isFalse();
    assertThat(r.drills().getFirst().spec().teardown().getFirst().kind()).isEqualTo("command");
  }

  @Test
  void aStepWithNothingOrTwoThingsIsRefused() {
    assertThat(problems("setup:\n  - name: empty\n    timeout: 5s"))
        .singleElement()
        .asString()
        .startsWith("drill.yaml:15:5: setup[0]: the step does nothing")
        .contains("fix: add exactly one of http");
    assertThat(
            problems(
                "teardown:\n  - name: both\n    http: {url: http://x/}\n    command: {argv: [echo]}"))
        .singleElement()
        .asString()
        .contains("teardown[0]: the step has both http and command")
        .contains("fix: split it into two steps");
  }

  @Test
  void namesAreUniqueInTheirListOnly() {
    assertThat(
            problems(
                "setup:\n  - {name: a, command: {argv: [echo]}}\n"
                    + "  - {name: a, command: {argv: [echo]}}\n"
                    + "teardown:\n  - {name: a, command: {argv: [echo]}}"))
        .singleElement()
        .asString()
        .contains("setup[1].name: another setup step is also named 'a'");
  }

  @Test
  void anUnknownPlaceholderGetsADidYouMean() {
    assertThat(problems("setup:\n  - {name: a, command: {argv: [rm, -rf, \"{{rundir}}/data\"]}}"))
        .singleElement()
        .asString()
        .contains("setup[0].command.argv[2]: unknown placeholder {{rundir}} in a step")
        .contains("did you mean {{runDir}}?");
    assertThat(problems("setup:\n  - {name: a, http: {url: \"http://h/{{key}}\"}}"))
        .singleElement()
        .asString()
        .contains("setup[0].http.url: unknown placeholder {{key}}")
        .contains("a step may use {{runDir}}, {{runId}}, {{seed}} and ${java}");
  }

  @Test
  void shapesAreChecked() {
    assertThat(problems("setup:\n  - {name: a, http: {url: ftp://h/}}"))
        .singleElement()
        .asString()
        .contains("setup[0].http.url");
    assertThat(problems("setup:\n  - {name: a, http: {url: \"http://h/\", method: FETCH}}"))
        .singleElement()
        .asString()
        .contains("setup[0].http.method");
    assertThat(problems("setup:\n  - {name: a, http: {url: \"http://h/\", expectStatus: [700]}}"))
        .singleElement()
        .asString()
        .contains("setup[0].http.expectStatus[0]: 700 is not an HTTP status");
    assertThat(problems("setup:\n  - {name: a, http: {url: \"http://h/\", method: GET, body: x}}"))
        .singleElement()
        .asString()
        .contains("setup[0].http.body: a GET request carries no body");
    assertThat(problems("setup:\n  - {name: a, command: {argv: []}}"))
        .singleElement()
        .asString()
        .contains("setup[0].command.argv");
    assertThat(problems("setup:\n  - {name: a, command: {argv: [echo], expectExit: 300}}"))
        .singleElement()
        .asString()
        .contains("setup[0].command.expectExit");
    assertThat(problems("setup:\n  - {name: a, command: {argv: [echo]}, timeout: soon}"))
        .singleElement()
        .asString()
        .contains("setup[0].timeout");
    assertThat(problems("setup:\n  - {name: a, comand: {argv: [echo]}}"))
        .anySatisfy(p -> assertThat(p).contains("setup[0].comand").contains("command"));
    assertThat(problems("setup:\n  - {command: {argv: [echo]}}"))
        .singleElement()
        .asString()
        .contains("setup[0].name");
  }
}
