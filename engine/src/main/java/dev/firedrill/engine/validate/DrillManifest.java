package dev.firedrill.engine.validate;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.firedrill.engine.model.DrillSpec;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.Map;

/**
 * A drill file in manifest form, as {@code kubectl apply} takes it. The other form is the spec
 * alone. The loader checks a manifest's fields against this record.
 */
public record DrillManifest(
    @JsonPropertyDescription("firedrill.dev/v1alpha1") @Required String apiVersion,
    @JsonPropertyDescription("Drill") @Required String kind,
    @JsonPropertyDescription("The drill's name and namespace.") @Required Metadata metadata,
    @JsonPropertyDescription("The drill.") @Required DrillSpec spec) {

  /** The API version of drill manifests. */
  public static final String API_VERSION = "firedrill.dev/v1alpha1";

  /** The kind of drill manifests. */
  public static final String KIND = "Drill";

  /** The part of Kubernetes object metadata a drill file may carry. */
  public record Metadata(
      @JsonPropertyDescription("Name of the drill: lower-case letters, digits, '-' and '.'.")
          @Required
          @Pattern("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$")
          String name,
      @JsonPropertyDescription("Namespace of the Drill resource.")
          @Pattern("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")
          String namespace,
      @JsonPropertyDescription("Labels.") Map<String, String> labels,
      @JsonPropertyDescription("Annotations.") Map<String, String> annotations) {}
}
