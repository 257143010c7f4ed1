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
    @JsonPropertyDescription(
            "Command and arguments, e.g. [java, -jar, orders.jar]. {{runDir}} stands for the run"
                + " directory (fresh data directories per run), ${java} for Firedrill's java.")
        @Required
        @Size(min = 1)
        List<String> command,
    @JsonPropertyDescription("Extra environment variables; {{runDir}} is replaced in values.")
        Map<String, String> env,
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
        String startTimeout,
    @JsonPropertyDescription(
            "More TCP ports the process listens on (a store's peer port). A run refuses to start"
                + " while another program holds port or any of these.")
        List<Integer> ports,
    @JsonPropertyDescription(
            "When a restart after a kill counts as done: health (the health URL answers 2xx, the"
                + " default) or port (port accepts; for a member that is only healthy with a"
                + " quorum).")
        RestartHealth restartHealth) {

  public LocalProcess {
    command = command == null ? List.of() : List.copyOf(command);
    env = env == null ? Map.of() : Map.copyOf(env);
    ports = ports == null ? List.of() : List.copyOf(ports);
  }

  /** A process with no extra ports and the default restart health. */
  public LocalProcess(
      String name,
      List<String> command,
      Map<String, String> env,
      String workingDir,
      Integer port,
      String health,
      String startTimeout) {
    this(name, command, env, workingDir, port, health, startTimeout, null, null);
  }

  /** Every port the process declares: {@code port}, then {@code ports}. */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public List<Integer> declaredPorts() {
    List<Integer> all = new java.util.ArrayList<>();
    if (port != null) {
      all.add(port);
    }
    all.addAll(ports);
    return List.copyOf(all);
  }
}
