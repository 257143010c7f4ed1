package dev.firedrill.cluster.safety;

import static dev.firedrill.cluster.safety.FieldCoverage.Run.CLUSTER;
import static dev.firedrill.cluster.safety.FieldCoverage.Run.LOCAL;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.firedrill.engine.validate.DrillLoader;
import dev.firedrill.engine.validate.LoadResult;
import dev.firedrill.engine.validate.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every field of the drill reference does something, or is refused where it cannot apply. The walk
 * enumerates the fields from {@code schema/drill.schema.json} (generated from the model, like
 * docs/reference.md and the CRD), so a field added to the model fails here until {@link
 * DrillFieldRegistry#FIELDS} says what shows its effect. Each named test must exist; each refusal
 * is validated here — a local or a cluster drill with the field set where it cannot apply must get
 * a problem at that field, from {@code firedrill lint}'s validator or, in a cluster, {@link
 * ClusterRules} — so a field that is accepted and then silently ignored has nowhere to hide.
 *
 * <p>Adding a field: one line in {@link DrillFieldRegistry#FIELDS}, {@code effect("path",
 * "module/Class#method")}, with {@code .refusedIn(LOCAL|CLUSTER, "path[0]", "yaml")} where the
 * field cannot apply.
 */
class DrillFieldsTest {

  private static final Path ROOT = Path.of("..");
  private static final YAMLMapper YAML = new YAMLMapper();

  /** A drill of local processes, valid as it is; refusals set one field in it. */
  private static final String LOCAL_DRILL =
      """
      target:
        processes:
          - {name: svc, command: [svc], port: 18080}
      toxiproxy:
        proxies: [{name: p, listen: "127.0.0.1:28080", upstream: "127.0.0.1:18080"}]
      workload:
        type: set
        baseUrl: http://127.0.0.1:28080
        rate: 10
        duration: 30s
        operations:
          add: {method: POST, path: /add, headers: {Idempotency-Key: "{{idempotencyKey}}"}}
          read: {path: /read, extract: /value}
      faults:
        - {name: kill, at: 5s, podKill: {processes: [svc]}}
        - {name: slow, at: 10s, duration: 5s, latency: {proxies: [p], latency: 100ms}}
      probes:
        - {name: h, http: {url: "http://127.0.0.1:18080/health"}}
      invariants: [{type: noLostWrites}]
      """;

  /** A drill of pods, valid for a cluster run as it is; refusals set one field in it. */
  private static final String CLUSTER_DRILL =
      """
      target: {namespace: shop, selector: {app: orders}}
      toxiproxy:
        url: http://toxiproxy.shop:8474
        proxies: [{name: p, listen: "0.0.0.0:28080", upstream: "payments:8080"}]
      workload:
        type: set
        baseUrl: http://orders.shop:8080
        rate: 10
        duration: 30s
        operations:
          add: {method: POST, path: /add, headers: {Idempotency-Key: "{{idempotencyKey}}"}}
          read: {path: /read, extract: /value}
      faults:
        - {name: kill, at: 5s, podKill: {mode: one}}
        - {name: slow, at: 10s, duration: 5s, latency: {proxies: [p], latency: 100ms}}
      probes:
        - {name: h, http: {url: "http://orders.shop:8080/health"}}
      invariants: [{type: noLostWrites}]
      """;

  @Test
  void everyFieldOfTheReferenceHasAnEffectTestOrARefusal() throws IOException {
    Set<String> reference = fields();
    Map<String, FieldCoverage> registered = new LinkedHashMap<>();
    DrillFieldRegistry.FIELDS.forEach(
        c -> assertThat(registered.put(c.field(), c)).as(c.field()).isNull());
    Set<String> unregistered = new TreeSet<>(reference);
    unregistered.removeAll(registered.keySet());
    Set<String> gone = new TreeSet<>(registered.keySet());
    gone.removeAll(reference);
    assertThat(unregistered)
        .as("fields of the reference with no entry in DrillFieldRegistry.FIELDS: add one each")
        .isEmpty();
    assertThat(gone)
        .as("entries of DrillFieldRegistry.FIELDS the reference no longer has")
        .isEmpty();
    for (FieldCoverage c : DrillFieldRegistry.FIELDS) {
      assertThat(c.effects().isEmpty() && c.refusals().isEmpty())
          .as("%s names no test and no refusal", c.field())
          .isFalse();
    }
  }

  @Test
  void everyNamedEffectTestExists() throws IOException {
    List<String> missing = new ArrayList<>();
    for (FieldCoverage c : DrillFieldRegistry.FIELDS) {
      for (String test : c.effects()) {
        if (!exists(test)) {
          missing.add(c.field() + " -> " + test);
        }
      }
    }
    assertThat(missing).as("named tests that do not exist").isEmpty();
  }

  @Test
  void theBaseDrillsAreValidWhereTheyRun() {
    assertThat(load(LOCAL_DRILL).problems()).isEmpty();
    LoadResult cluster = load(CLUSTER_DRILL);
    assertThat(cluster.problems()).isEmpty();
    assertThat(ClusterRules.problems(cluster.drills().getFirst().spec())).isEmpty();
  }

  @Test
  void everyRefusalIsRefusedAtItsField() throws IOException {
    List<String> accepted = new ArrayList<>();
    int walked = 0;
    for (FieldCoverage c : DrillFieldRegistry.FIELDS) {
      for (FieldCoverage.Refusal r : c.refusals()) {
        walked++;
        String yaml = with(r.run() == LOCAL ? LOCAL_DRILL : CLUSTER_DRILL, r.path(), r.yaml());
        List<String> problems = problems(r.run(), load(yaml));
        boolean atField =
            problems.stream()
                .anyMatch(p ->
                    p.equals(r.path())
                        || p.startsWith(r.path() + ".")
                        || p.startsWith(r.path() + "["));
        if (!atField) {
          accepted.add(c.field() + " in a " + r.run() + " drill, problems: " + problems);
        }
      }
    }
    assertThat(walked).as("refusals walked").isGreaterThanOrEqualTo(15);
    assertThat(accepted).as("fields accepted where they cannot apply").isEmpty();
  }

  /** The paths of the problems: the validator's, then (in a cluster) the cluster rules'. */
  private static List<String> problems(FieldCoverage.Run run, LoadResult loaded) {
    List<String> paths = new ArrayList<>(loaded.problems().stream().map(Problem::path).toList());
    loaded.problems().forEach(p -> assertThat(p.message()).as(p.path()).isNotBlank());
    if (run == CLUSTER && loaded.problems().isEmpty()) {
      for (String p : ClusterRules.problems(loaded.drills().getFirst().spec())) {
        assertThat(p).as("a cluster rule names the fix").contains("(fix: ");
        paths.add(p.substring(0, p.indexOf(':')).replaceFirst("^spec\\.", ""));
      }
    }
    return paths;
  }

  private static LoadResult load(String yaml) {
    return new DrillLoader().load("drill.yaml", yaml);
  }

  /** The base drill with {@code value} (YAML) at {@code path} ({@code faults[0].podKill.x}). */
  private static String with(String base, String path, String value) throws IOException {
    JsonNode root = YAML.readTree(base);
    String[] steps = path.split("\\.");
    JsonNode node = root;
    for (int i = 0; i < steps.length; i++) {
      String step = steps[i];
      boolean last = i == steps.length - 1;
      int bracket = step.indexOf('[');
      String name = bracket < 0 ? step : step.substring(0, bracket);
      JsonNode v = YAML.readTree(value);
      if (bracket < 0) {
        if (last) {
          ((ObjectNode) node).set(name, v);
        } else {
          node =
              ((ObjectNode) node).has(name) ? node.get(name) : ((ObjectNode) node).putObject(name);
        }
      } else {
        int index = Integer.parseInt(step.substring(bracket + 1, step.length() - 1));
        ArrayNode list = (ArrayNode) node.get(name);
        if (last) {
          list.set(index, v);
        } else {
          node = list.get(index);
        }
      }
    }
    return YAML.writeValueAsString(root);
  }

  /** Every field of a drill's spec, walked from the generated JSON Schema. */
  static Set<String> fields() throws IOException {
    JsonNode schema = new YAMLMapper().readTree(ROOT.resolve("schema/drill.schema.json").toFile());
    Set<String> out = new TreeSet<>();
    walk(schema.path("definitions").path("DrillSpec"), "", out);
    assertThat(out).as("the schema's fields").hasSizeGreaterThan(100);
    return out;
  }

  private static void walk(JsonNode node, String path, Set<String> out) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.path("properties").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
      out.add(p);
      walk(e.getValue(), p, out);
    }
    if (node.has("items")) {
      walk(node.get("items"), path + "[]", out);
    }
    if (node.path("additionalProperties").isObject()) {
      walk(node.get("additionalProperties"), path + ".*", out);
    }
    for (String k : List.of("anyOf", "oneOf", "allOf")) {
      node.path(k).forEach(sub -> walk(sub, path, out));
    }
  }

  /** Whether {@code module/Class#method} names a test method in that module's test sources. */
  private static boolean exists(String test) throws IOException {
    String module = test.substring(0, test.indexOf('/'));
    String type = test.substring(test.indexOf('/') + 1, test.indexOf('#'));
    String method = test.substring(test.indexOf('#') + 1);
    if (!type.matches(".*(Test|IT)")) {
      return false;
    }
    Path sources = ROOT.resolve(module).resolve("src/test/java");
    if (!Files.isDirectory(sources)) {
      return false;
    }
    Pattern declared =
        Pattern.compile(
            "@(Test|Property|ParameterizedTest)\\b[^;{]*?void " + method + "\\(", Pattern.DOTALL);
    try (Stream<Path> files = Files.walk(sources)) {
      for (Path f : files.filter(f -> f.getFileName().toString().equals(type + ".java")).toList()) {
        if (declared.matcher(Files.readString(f)).find()) {
          return true;
        }
      }
    }
    return false;
  }
}
