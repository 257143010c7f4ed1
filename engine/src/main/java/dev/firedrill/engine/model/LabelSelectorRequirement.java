package dev.firedrill.engine.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.List;
import java.util.Map;

/**
 * One {@code matchExpressions} entry of a Kubernetes label selector: {@code key} related to {@code
 * values} by {@code operator}, with Kubernetes' meaning. {@code In} and {@code NotIn} need values;
 * {@code Exists} and {@code DoesNotExist} take none.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record LabelSelectorRequirement(
    @JsonPropertyDescription("The label key, e.g. app or app.kubernetes.io/name.")
        @Required
        @Pattern(LabelSelectorRequirement.KEY)
        String key,
    @JsonPropertyDescription("In, NotIn, Exists or DoesNotExist.") @Required Operator operator,
    @JsonPropertyDescription("The values, for In and NotIn.") List<String> values) {

  /** A label key: an optional DNS prefix and '/', then a name of up to 63 characters. */
  public static final String KEY =
      "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
          + "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$";

  public LabelSelectorRequirement {
    values = values == null ? List.of() : List.copyOf(values);
  }

  /** True when a pod with these labels satisfies the requirement (Kubernetes' rules). */
  public boolean matches(Map<String, String> labels) {
    String v = labels == null ? null : labels.get(key);
    return switch (operator) {
      case IN -> v != null && values.contains(v);
      case NOT_IN -> v == null || !values.contains(v);
      case EXISTS -> v != null;
      case DOES_NOT_EXIST -> v == null;
    };
  }

  /** The requirement in kubectl's selector syntax, e.g. {@code tier in (web,api)}. */
  @Override
  public String toString() {
    return switch (operator) {
      case IN -> key + " in (" + String.join(",", values) + ")";
      case NOT_IN -> key + " notin (" + String.join(",", values) + ")";
      case EXISTS -> key;
      case DOES_NOT_EXIST -> "!" + key;
    };
  }

  /** How the key relates to the values. */
  public enum Operator {
    @JsonProperty("In")
    IN,
    @JsonProperty("NotIn")
    NOT_IN,
    @JsonProperty("Exists")
    EXISTS,
    @JsonProperty("DoesNotExist")
    DOES_NOT_EXIST;

    /** True for In and NotIn, which need values. */
    public boolean needsValues() {
      return this == IN || this == NOT_IN;
    }
  }
}
