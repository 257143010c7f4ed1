package dev.firedrill.cluster.fault;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an interception changes and how to put it back: the Service's original {@code spec.selector}
 * and {@code spec.ports} as JSON, exactly as the API server gave them, the run that intercepted it
 * and its shadow Service. The same JSON is written into the ledger entry's {@code undo} and into
 * the annotation {@value ServiceInterception#ANNOTATION} on the Service (in one update with the
 * redirect, so a redirected Service always carries its original), and restoring parses it back into
 * the Service's spec, so the spec after a restore serialises to the same bytes as before.
 *
 * @param selectorJson the original {@code spec.selector}, JSON
 * @param portsJson the original {@code spec.ports}, JSON
 */
record InterceptedSpec(String run, String shadow, String selectorJson, String portsJson) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final KubernetesSerialization K8S = new KubernetesSerialization();

  /** The original parts of {@code spec}, for {@code run}, with its shadow Service. */
  static InterceptedSpec of(String run, String shadow, ServiceSpec spec) {
    return new InterceptedSpec(
        run, shadow, K8S.asJson(spec.getSelector()), K8S.asJson(spec.getPorts()));
  }

  /** The annotation's value: one JSON object. */
  String annotation() {
    try {
      ObjectNode o = JSON.createObjectNode();
      o.put("run", run);
      o.put("shadow", shadow);
      o.set("selector", JSON.readTree(selectorJson));
      o.set("ports", JSON.readTree(portsJson));
      return JSON.writeValueAsString(o);
    } catch (Exception e) {
      throw new IllegalStateException("cannot write the interception annotation", e);
    }
  }

  /** Parses an annotation written by {@link #annotation}. */
  static InterceptedSpec fromAnnotation(String value) {
    try {
      JsonNode o = JSON.readTree(value);
      return new InterceptedSpec(
          o.path("run").asText(null),
          o.path("shadow").asText(null),
          JSON.writeValueAsString(o.get("selector")),
          JSON.writeValueAsString(o.get("ports")));
    } catch (Exception e) {
      throw new IllegalArgumentException(
          "annotation "
              + ServiceInterception.ANNOTATION
              + " is not what Firedrill writes: "
              + e.getMessage(),
          e);
    }
  }

  /** The ledger entry's undo. */
  Map<String, String> undo(String namespace, String service, Map<String, String> proxySelector) {
    Map<String, String> undo = new LinkedHashMap<>();
    undo.put("namespace", namespace);
    undo.put("service", service);
    undo.put("run", run);
    undo.put("shadow", shadow);
    undo.put("selector", selectorJson);
    undo.put("ports", portsJson);
    undo.put("proxySelector", K8S.asJson(new java.util.TreeMap<>(proxySelector)));
    return undo;
  }

  /** Read back from a ledger entry's undo, or null when it records no original. */
  static InterceptedSpec fromUndo(Map<String, String> undo) {
    if (undo.get("selector") == null || undo.get("ports") == null) {
      return null;
    }
    return new InterceptedSpec(
        undo.get("run"), undo.get("shadow"), undo.get("selector"), undo.get("ports"));
  }

  Map<String, String> selector() {
    return parse(selectorJson, new TypeReference<LinkedHashMap<String, String>>() {});
  }

  List<ServicePort> ports() {
    return parse(portsJson, new TypeReference<List<ServicePort>>() {});
  }

  private static <T> T parse(String json, TypeReference<T> type) {
    return K8S.unmarshal(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), type);
  }
}
