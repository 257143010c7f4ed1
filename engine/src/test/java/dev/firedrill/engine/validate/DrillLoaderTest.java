package dev.firedrill.engine.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.engine.model.Latency;
import dev.firedrill.engine.model.PodKill;
import dev.firedrill.engine.model.PodKillMode;
import dev.firedrill.engine.model.WorkloadType;
import java.util.List;
import org.junit.jupiter.api.Test;

class DrillLoaderTest {

  static final String VALID_SPEC =
      """
      target:
        processes:
          - name: orders
            command: [java, -jar, orders.jar]
            port: 18080
      toxiproxy:
        proxies:
          - name: orders-db
            listen: 127.0.0.1:25432
            upstream: 127.0.0.1:5432
      workload:
        type: set
        baseUrl: http://127.0.0.1:18080
        rate: 20
        duration: 1m
        operations:
          add: {method: POST, path: /items, json: '{"id": "{{value}}"}'}
          read: {path: /items, extract: /ids}
      faults:
        - name: slow-db
          at: 10s
          duration: 20s
          latency: {proxies: [orders-db], latency: 200ms, jitter: 20ms}
        - name: kill-orders
          at: 40s
          podKill: {processes: [orders]}
      invariants:
        - type: noLostWrites
      """;

  private final DrillLoader loader = new DrillLoader();

  private LoadResult load(String text) {
    return loader.load("drill.yaml", text);
  }

  private static List<String> formatted(LoadResult result) {
    return result.problems().stream().map(Problem::format).toList();
  }

  @Test
  void specAloneLoadsWithDefaultsAndTheFileNameAsName() {
    LoadResult result = load(VALID_SPEC);

    assertThat(formatted(result)).isEmpty();
    LoadedDrill drill = result.drills().getFirst();
    assertThat(drill.name()).isEqualTo("drill");
    assertThat(drill.spec().workload().type()).isEqualTo(WorkloadType.SET);
    assertThat(drill.spec().faults().get(0).action()).isInstanceOf(Latency.class);
    Latency latency = (Latency) drill.spec().faults().get(0).action();
    assertThat(latency.toxicity()).isEqualTo(1.0);
    assertThat(((PodKill) drill.spec().faults().get(1).action()).mode()).isEqualTo(PodKillMode.ONE);
  }

  @Test
  void manifestFormPrefixesPathsWithSpecAndNamesTheDrillFromMetadata() {
    String manifest =
        "apiVersion: firedrill.dev/v1alpha1\nkind: Drill\nmetadata:\n  name: m1\nspec:\n"
            + VALID_SPEC.indent(2).replace("rate: 20", "rate: twenty");
    LoadResult result = load(manifest);

    assertThat(formatted(result))
        .containsExactly(
            "drill.yaml:19:11: spec.workload.rate: expected a number, got text 'twenty' (fix: write"
                + " e.g. 0.5)");
    assertThat(load(manifest.replace("rate: twenty", "rate: 20")).drills())
        .extracting(LoadedDrill::name)
        .containsExactly("m1");
  }

  @Test
  void brokenDrillYieldsAllItsProblemsAtOnceWithLinePathAndFix() {
    String broken =
        VALID_SPEC
                .replace("rate: 20", "rate: [20]") // wrong type
                .replace("jitter: 20ms", "jiter: 20ms") // unknown field
                .replace(
                    "at: 10s\n    duration: 20s", "at: 50s\n    duration: 20s") // beyond the end
                .replace("proxies: [orders-db]", "proxies: [orders-bd]") // missing proxy
            + "schedule:\n  cron: \"0 0 2 * * MON\"\n"; // bad cron
    LoadResult result = load(broken);

    assertThat(formatted(result))
        .containsExactly(
            "drill.yaml:14:9: workload.rate: expected a number, got a list (fix: write a single"
                + " value after the colon)",
            "drill.yaml:22:15: faults[0].duration: ends at 1m10s, after the workload ends (1m)"
                + " (fix: start it earlier, shorten it to at most 10s, or lengthen"
                + " workload.duration)",
            "drill.yaml:23:25: faults[0].latency.proxies[0]: no proxy named 'orders-bd' in"
                + " toxiproxy.proxies (fix: did you mean 'orders-db'?)",
            "drill.yaml:23:53: faults[0].latency.jiter: unknown field 'jiter' (fix: did you mean"
                + " 'jitter'?)",
            "drill.yaml:30:3: schedule: a schedule is kept by the operator, which never runs local"
                + " processes (target.processes), and firedrill run runs a drill once: it would"
                + " never fire (fix: remove schedule (run the drill from cron or CI), or target"
                + " pods with target.selector and no processes)",
            "drill.yaml:30:9: schedule.cron: '0 0 2 * * MON' is not a Quartz cron expression:"
                + " Support for specifying both a day-of-week AND a day-of-month parameter is not"
                + " implemented. (fix: write seconds minutes hours day-of-month month day-of-week,"
                + " with ? in one of the two day fields, e.g. \"0 0 2 ? * MON\" for every Monday"
                + " at 02:00)");
    assertThat(result.drills()).isEmpty();
  }

  @Test
  void missingRequiredFieldsAreNamedWithAnExample() {
    LoadResult result = load("target:\n  processes: []\n");

    assertThat(result.problems())
        .extracting(Problem::path)
        .contains("workload", "invariants", "target");
    assertThat(formatted(result))
        .contains(
            "drill.yaml:1:1: workload: missing required field 'workload' (fix: add"
                + " 'workload:' to the document — The load driven against the system while faults"
                + " happen.)");
  }

  @Test
  void enumValuesGetDidYouMean() {
    LoadResult result = load(VALID_SPEC.replace("type: set", "type: sett"));

    assertThat(formatted(result))
        .containsExactly(
            "drill.yaml:12:9: workload.type: 'sett' is not one of set, register, kv, queue,"
                + " counter, bank, events (fix: did you mean 'set'?)");
  }

  @Test
  void durationsMustLookLikeDurations() {
    LoadResult result = load(VALID_SPEC.replace("duration: 1m", "duration: 60"));

    assertThat(formatted(result))
        .containsExactly(
            "drill.yaml:15:13: workload.duration: expected text, got a number (60) (fix: quote"
                + " it: \"60\")");
    assertThat(formatted(load(VALID_SPEC.replace("duration: 1m", "duration: 1 minute"))))
        .containsExactly(
            "drill.yaml:15:13: workload.duration: '1 minute' is not a duration such as 500ms, 30s,"
                + " 2m or 1m30s (fix: write a duration such as 500ms, 30s, 2m or 1m30s)");
  }

  @Test
  void kubeSystemIsNeverATarget() {
    LoadResult result =
        load(VALID_SPEC.replace("target:\n", "target:\n  namespace: kube-system\n"));

    assertThat(formatted(result))
        .containsExactly(
            "drill.yaml:2:14: target.namespace: 'kube-system' is never a legal target (fix:"
                + " target your application's namespace, labelled firedrill.dev/drills=enabled)");
  }

  @Test
  void aFaultDoesExactlyOneThing() {
    String none = VALID_SPEC.replace("    podKill: {processes: [orders]}\n", "");
    String two =
        VALID_SPEC.replace(
            "    podKill: {processes: [orders]}\n",
            "    podKill: {processes: [orders]}\n    pause: {processes: [orders]}\n");

    assertThat(formatted(load(none)))
        .containsExactly(
            "drill.yaml:24:5: faults[1]: the fault has no action (fix: add exactly one of podKill,"
                + " pause, partition, latency, bandwidth, slowClose, resetPeer, timeout,"
                + " dataLimit, clockSkew)");
    assertThat(formatted(load(two)))
        .containsExactly(
            "drill.yaml:24:5: faults[1]: the fault has 2 actions (podKill, pause); a fault does one"
                + " thing (fix: split it into one fault per action)");
  }

  @Test
  void timelineRules() {
    String noDuration = VALID_SPEC.replace("at: 10s\n    duration: 20s\n", "at: 10s\n");
    String overlapping = VALID_SPEC.replace("duration: 20s\n", "duration: 20s\n    every: 10s\n");
    String instantWithDuration = VALID_SPEC.replace("at: 40s\n", "at: 40s\n    duration: 5s\n");

    assertThat(formatted(load(noDuration)))
        .containsExactly(
            "drill.yaml:20:5: faults[0]: a latency fault needs a duration (fix: add duration: 30s"
                + " (how long before it is healed))");
    assertThat(formatted(load(overlapping)))
        .containsExactly(
            "drill.yaml:23:12: faults[0].every: every (10s) must be positive and at least the"
                + " duration (20s), or occurrences would overlap (fix: set every to 20s or more)");
    assertThat(formatted(load(instantWithDuration)))
        .containsExactly(
            "drill.yaml:26:15: faults[1].duration: a podKill is instantaneous; duration does not"
                + " apply (fix: remove duration (local runs: set podKill.restartAfter), or repeat"
                + " it with every)");
  }

  @Test
  void referencesMustResolve() {
    String badProcess =
        VALID_SPEC.replace("podKill: {processes: [orders]}", "podKill: {processes: [ordres]}");
    String noProxies =
        VALID_SPEC.replace(
            "toxiproxy:\n  proxies:\n    - name: orders-db\n      listen: 127.0.0.1:25432\n      upstream: 127.0.0.1:5432\n",
            "");

    assertThat(formatted(load(badProcess)))
        .containsExactly(
            "drill.yaml:26:27: faults[1].podKill.processes[0]: no process named 'ordres' in"
                + " target.processes (fix: did you mean 'orders'?)");
    assertThat(formatted(load(noProxies)))
        .containsExactly(
            "drill.yaml:18:14: faults[0].latency: a latency fault acts on Toxiproxy links, and the"
                + " drill declares none (fix: add toxiproxy.proxies with the links to attack)");
  }

  @Test
  void invariantsNeedTheirData() {
    String cascade = VALID_SPEC.replace("- type: noLostWrites", "- type: noCascade");
    String convergence =
        VALID_SPEC.replace("- type: noLostWrites", "- type: convergence\n    within: 5s");
    String misplaced =
        VALID_SPEC.replace("- type: noLostWrites", "- type: noLostWrites\n    within: 5s");

    assertThat(formatted(load(cascade)))
        .containsExactly(
            "drill.yaml:28:5: invariants[0].probes: noCascade judges probe samples and lists no"
                + " probe (fix: add probes: [<a probe on a service you do not fault>])");
    assertThat(formatted(load(convergence)))
        .containsExactly(
            "drill.yaml:28:5: invariants[0]: convergence compares reads of the source with reads"
                + " of the projection, and the workload maps no readProjection (fix: add"
                + " workload.operations.readProjection)",
            "drill.yaml:28:11: invariants[0].type: convergence needs a workload of type kv or"
                + " register, and this one is set (fix: change workload.type, or check another"
                + " invariant)");
    assertThat(formatted(load(misplaced)))
        .containsExactly(
            "drill.yaml:29:13: invariants[0].within: within does not apply to noLostWrites (fix:"
                + " remove it: noLostWrites takes no parameters)");
  }

  @Test
  void workloadOperationsMatchItsType() {
    String missingRead = VALID_SPEC.replace("    read: {path: /items, extract: /ids}\n", "");
    String typo = VALID_SPEC.replace("    read: {", "    raed: {");

    assertThat(formatted(load(missingRead)))
        .containsExactly(
            "drill.yaml:17:5: workload.operations: a set workload needs the operation 'read' (it"
                + " takes add and read, and optionally readProjection) (fix: add"
                + " workload.operations.read with its method and path)");
    assertThat(formatted(load(typo)))
        .contains(
            "drill.yaml:18:11: workload.operations.raed: a set workload has no operation 'raed'"
                + " (fix: did you mean 'read'?)");
  }

  @Test
  void yamlSyntaxErrorsPointAtTheSpot() {
    LoadResult result = load("target:\n  processes: [a\nworkload: {}\n");

    assertThat(result.problems()).hasSize(1);
    Problem problem = result.problems().getFirst();
    assertThat(problem.message()).startsWith("not valid YAML:");
    assertThat(problem.line()).isEqualTo(3);
  }

  @Test
  void duplicateKeysAreProblems() {
    LoadResult result = load(VALID_SPEC.replace("  rate: 20\n", "  rate: 20\n  rate: 30\n"));

    assertThat(formatted(result))
        .containsExactly(
            "drill.yaml:15:3: workload.rate: duplicate field 'rate' (fix: keep one 'rate')");
  }

  @Test
  void wrongApiVersionAndKindAreNamed() {
    String manifest =
        "apiVersion: firedrill.dev/v1\nkind: DrillRun\nmetadata: {name: x}\nspec:\n"
            + VALID_SPEC.indent(2);

    assertThat(formatted(load(manifest)))
        .containsExactly(
            "drill.yaml:1:13: apiVersion: unsupported apiVersion 'firedrill.dev/v1' (fix: write"
                + " apiVersion: firedrill.dev/v1alpha1)",
            "drill.yaml:2:7: kind: kind 'DrillRun' is not a drill (fix: write kind: Drill"
                + " (DrillRuns are created by Firedrill, not linted))");
  }

  @Test
  void severalDocumentsInOneFileAreEachChecked() {
    String two = VALID_SPEC + "---\n" + VALID_SPEC.replace("rate: 20", "rate: -1");

    LoadResult result = load(two);

    assertThat(result.drills()).extracting(LoadedDrill::name).containsExactly("drill");
    assertThat(formatted(result))
        .containsExactly(
            "drill.yaml:43:9: workload.rate: must be at least 0.1, got -1 (fix: use a value of 0.1"
                + " or more)");
  }

  @Test
  void emptyAndNonYamlInputsAreProblemsNotExceptions() {
    assertThat(formatted(load("")))
        .containsExactly(
            "drill.yaml:1:1: the file holds no drill (fix: write a Drill manifest or a drill spec)");
    assertThat(formatted(load("just text")))
        .containsExactly(
            "drill.yaml:1:1: expected a mapping of fields, got text 'just text' (fix: write the"
                + " fields of the document as key: value lines below it)");
  }

  @Test
  void aFileOfOnlyEmptyOrNullDocumentsHoldsNoDrill() {
    for (String empty : List.of("---\n", "null\n", "~\n", "---\n---\n", "--- ~\n--- null\n")) {
      assertThat(formatted(load(empty)))
          .as(empty)
          .containsExactly(
              "drill.yaml:1:1: the file holds no drill (fix: write a Drill manifest or a drill"
                  + " spec)");
    }
  }

  @Test
  void aNumberPastWhatADoubleHoldsIsOutOfRangeNotNotANumber() {
    assertThat(formatted(load(VALID_SPEC.replace("rate: 20", "rate: 1e400"))))
        .singleElement()
        .asString()
        .endsWith("workload.rate: number out of range: 1e400 (fix: use a smaller number)");
  }
}
