package dev.firedrill.engine.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Map;

/**
 * A command of a setup or teardown step, run without a shell (write {@code [sh, -c, "..."]} for
 * one). It succeeds when it exits with {@code expectExit} within the step's timeout; its output
 * (stdout and stderr) goes to {@code logs/<setup|teardown>-<name>.log} in the run directory.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record CommandStep(
    @JsonPropertyDescription(
            "Program and arguments, e.g. [mkdir, -p, \"{{runDir}}/data\"]; placeholders are"
                + " replaced in each.")
        @Required
        @Size(min = 1)
        List<String> argv,
    @JsonPropertyDescription("Working directory, relative to the drill file. Default: its folder.")
        String workingDir,
    @JsonPropertyDescription("Extra environment variables; placeholders are replaced in values.")
        Map<String, String> env,
    @JsonPropertyDescription("Exit code that counts as success. Default 0.") @Min(0) @Max(255)
        Integer expectExit) {

  public CommandStep {
    argv = argv == null ? List.of() : List.copyOf(argv);
    env = env == null ? Map.of() : Map.copyOf(env);
  }

  /** The exit code that counts as success: {@code expectExit}, else 0. */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public int expectedExit() {
    return expectExit == null ? 0 : expectExit;
  }
}
