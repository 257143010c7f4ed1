package dev.firedrill.operator.drill;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.firedrill.engine.validate.DrillLoader;
import dev.firedrill.engine.validate.DrillManifest;
import dev.firedrill.engine.validate.Problem;
import dev.firedrill.operator.api.v1alpha1.Drill;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates a Drill resource with the engine's one validator (the same as {@code firedrill lint}),
 * then adds what only the cluster knows: the target namespace must carry {@value
 * #ENABLED_LABEL}={@value #ENABLED_VALUE}, and is never the operator's own namespace.
 */
@ApplicationScoped
public class DrillValidation {

  /** The label that makes a namespace a legal target. */
  public static final String ENABLED_LABEL = "firedrill.dev/drills";

  /** Its value. */
  public static final String ENABLED_VALUE = "enabled";

  private static final ObjectMapper YAML = new YAMLMapper();

  /** Problems of the spec, as the validator words them; paths start at {@code spec}. */
  public List<Problem> specProblems(Drill drill) {
    String source =
        "drills/" + drill.getMetadata().getNamespace() + "/" + drill.getMetadata().getName();
    ObjectNode manifest = YAML.createObjectNode();
    manifest.put("apiVersion", DrillManifest.API_VERSION);
    manifest.put("kind", DrillManifest.KIND);
    manifest.putObject("metadata").put("name", drill.getMetadata().getName());
    manifest.set("spec", YAML.valueToTree(drill.getSpec()));
    try {
      return new DrillLoader().load(source, YAML.writeValueAsString(manifest)).problems();
    } catch (JsonProcessingException e) {
      return List.of(
          new Problem(
              source,
              1,
              1,
              "spec",
              "cannot read the spec: " + e.getOriginalMessage(),
              "recreate the Drill"));
    }
  }

  /**
   * Problems of the target namespace: its labels (null when it does not exist) and the operator's
   * own namespace.
   */
  public List<String> namespaceProblems(
      String target, Map<String, String> labels, Set<String> operatorNamespaces) {
    List<String> problems = new ArrayList<>();
    if (operatorNamespaces.contains(target)) {
      problems.add("namespace " + target + " runs the Firedrill operator and is never a target");
    } else if (labels == null) {
      problems.add("namespace " + target + " does not exist");
    } else if (!ENABLED_VALUE.equals(labels.get(ENABLED_LABEL))) {
      problems.add(
          "namespace "
              + target
              + " is not enabled for drills (fix: kubectl label namespace "
              + target
              + " "
              + ENABLED_LABEL
              + "="
              + ENABLED_VALUE
              + ")");
    }
    return problems;
  }
}
