package dev.firedrill.engine.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** The rules of the manifest wrapper: the API version and kind of a drill. */
final class ManifestRules {

  private ManifestRules() {}

  static void check(Report report, Map<String, Position> positions, JsonNode manifest) {
    JsonNode apiVersion = manifest.get("apiVersion");
    if (apiVersion != null && !DrillManifest.API_VERSION.equals(apiVersion.asText())) {
      report.add(
          positions.getOrDefault("apiVersion", Position.START),
          "apiVersion",
          "unsupported apiVersion '" + apiVersion.asText() + "'",
          "write apiVersion: " + DrillManifest.API_VERSION);
    }
    JsonNode kind = manifest.get("kind");
    if (kind != null && !DrillManifest.KIND.equals(kind.asText())) {
      report.add(
          positions.getOrDefault("kind", Position.START),
          "kind",
          "kind '" + kind.asText() + "' is not a drill",
          "write kind: "
              + DrillManifest.KIND
              + " (DrillRuns are created by Firedrill, not linted)");
    }
  }
}
