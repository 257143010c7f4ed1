package dev.firedrill.operator.api.v1alpha1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.crdv2.generator.CRDGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The files generated from the model: the CRDs (Fabric8's CRD generator over the API classes) and
 * the JSON Schema for drill files (the Drill CRD's spec schema, closed against unknown fields,
 * accepting a manifest or the spec alone). Committed, and kept equal by a golden test.
 */
final class GeneratedFiles {

  static final Path CRD_DIR = Path.of("..", "deploy", "crds");
  static final Path SCHEMA = Path.of("..", "schema", "drill.schema.json");

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private GeneratedFiles() {}

  /** Generates the CRDs into {@code dir}; returns file name to content. */
  static Map<String, String> crds(Path dir) throws IOException {
    new CRDGenerator()
        .customResourceClasses(Drill.class, DrillRun.class)
        .forCRDVersions("v1")
        .inOutputDir(dir.toFile())
        .generate();
    Map<String, String> files = new TreeMap<>();
    try (var list = Files.list(dir)) {
      for (Path p : list.sorted().toList()) {
        files.put(p.getFileName().toString(), Files.readString(p));
      }
    }
    return files;
  }

  /** The JSON Schema of drill files, from the Drill CRD's text. */
  static String drillSchema(String drillCrd) throws IOException {
    JsonNode crd = new YAMLMapper().readTree(drillCrd);
    JsonNode open = crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec");
    ObjectNode spec = closed(open.deepCopy());

    ObjectNode root = F.objectNode();
    root.put("$schema", "http://json-schema.org/draft-07/schema#");
    root.put("$id", "https://firedrill.dev/schema/drill.schema.json");
    root.put("title", "Firedrill drill");
    root.put(
        "description",
        "A drill file: a Drill manifest (apiVersion, kind, metadata, spec) or the spec alone."
            + " Generated from the model; do not edit.");
    ArrayNode anyOf = root.putArray("anyOf");
    anyOf.addObject().put("$ref", "#/definitions/DrillManifest");
    anyOf.addObject().put("$ref", "#/definitions/DrillSpec");
    ObjectNode definitions = root.putObject("definitions");
    definitions.set("DrillManifest", manifest());
    definitions.set("DrillSpec", spec);
    return JSON.writeValueAsString(root) + "\n";
  }

  private static ObjectNode manifest() {
    ObjectNode m = F.objectNode();
    m.put("type", "object");
    m.putArray("required").add("apiVersion").add("kind").add("metadata").add("spec");
    m.put("additionalProperties", false);
    ObjectNode props = m.putObject("properties");
    props.putObject("apiVersion").put("const", Drill.GROUP + "/" + Drill.VERSION);
    props.putObject("kind").put("const", "Drill");
    ObjectNode meta = props.putObject("metadata");
    meta.put("type", "object");
    meta.putArray("required").add("name");
    ObjectNode metaProps = meta.putObject("properties");
    metaProps.putObject("name").put("type", "string");
    metaProps.putObject("namespace").put("type", "string");
    metaProps
        .putObject("labels")
        .put("type", "object")
        .putObject("additionalProperties")
        .put("type", "string");
    metaProps
        .putObject("annotations")
        .put("type", "object")
        .putObject("additionalProperties")
        .put("type", "string");
    props.putObject("spec").put("$ref", "#/definitions/DrillSpec");
    return m;
  }

  /** Closes every object with declared properties against unknown fields; drops x-kubernetes-*. */
  private static ObjectNode closed(ObjectNode node) {
    Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
    while (fields.hasNext()) {
      if (fields.next().getKey().startsWith("x-kubernetes-")) {
        fields.remove();
      }
    }
    if (node.has("properties")) {
      node.put("additionalProperties", false);
      node.get("properties").properties().forEach(e -> closed((ObjectNode) e.getValue()));
    }
    if (node.get("items") instanceof ObjectNode items) {
      closed(items);
    }
    if (node.get("additionalProperties") instanceof ObjectNode values) {
      closed(values);
    }
    return node;
  }
}
