package dev.firedrill.engine.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Map;

/** A service the local runner starts, supervises, kills (SIGKILL) and pauses (SIGSTOP). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record LocalProcess(
    @JsonPropertyDescription("Name the faults use to refer to this process.")
        @Required
        @Pattern(Names.PATTERN)
        String name,
    @JsonPropertyDescription("Command and arguments, e.g. [java, -jar, orders.jar].")
        @Required
        @Size(min = 1)
        List<String> command,
    @JsonPropertyDescription("Extra environment variables.") Map<String, String> env,
    @JsonPropertyDescription("Working directory, relative to the drill file. Default: its folder.")
        String workingDir,
    @JsonPropertyDescription("TCP port the process listens on (for logs and reports).")
        @Min(1)
        @Max(65535)
        Integer port,
    @JsonPropertyDescription(
            "URL answered with 2xx once the process is ready; polled after each (re)start.")
        @Pattern("^https?://.+")
        String health,
    @JsonPropertyDescription("How long a (re)start may take before the drill errors. Default 30s.")
        @Pattern(DurationText.PATTERN)
        String startTimeout) {

  public LocalProcess {
    command = command == null ? List.of() : List.copyOf(command);
    env = env == null ? Map.of() : Map.copyOf(env);
  }
}
