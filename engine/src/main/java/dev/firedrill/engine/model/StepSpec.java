package dev.firedrill.engine.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.List;
import java.util.Set;

/**
 * One step of a drill's {@code setup} or {@code teardown}: an HTTP call or a command, exactly one
 * (the same "one of" union as a fault's action). Setup steps run in order once the run's proxies
 * and processes are up and before the load; teardown steps run in order on every ending, after the
 * heal and the final reads. Strings may hold the placeholders of {@link #PLACEHOLDERS}.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record StepSpec(
    @JsonPropertyDescription(
            "Name of the step, unique in its list; named in the console, the history and the"
                + " report.")
        @Required
        @Pattern(Names.PATTERN)
        String name,
    @JsonPropertyDescription(
            "An HTTP call, e.g. a DELETE that empties the store's keyspace before the load.")
        HttpStep http,
    @JsonPropertyDescription(
            "A command, e.g. [mkdir, -p, \"{{runDir}}/data\"]. In a cluster it runs inside the"
                + " runner's pod.")
        CommandStep command,
    @JsonPropertyDescription(
            "How long the step may take before it counts as failed (a command is then killed)."
                + " Default 30s.")
        @Pattern(DurationText.PATTERN)
        String timeout) {

  /**
   * The placeholders a step's strings may hold: {@code {{runDir}}} the run directory (absolute),
   * {@code {{runId}}} the run id, {@code {{seed}}} the plan's seed, {@code ${java}} the java binary
   * running Firedrill.
   */
  public static final Set<String> PLACEHOLDERS = Set.of("runDir", "runId", "seed");

  /** The wire names of the kinds, in declaration order. */
  public static final List<String> KINDS = List.of("http", "command");

  /** {@code http} or {@code command}: what this step does (a valid step has exactly one). */
  @JsonIgnore
  public String kind() {
    return http != null ? "http" : "command";
  }
}
