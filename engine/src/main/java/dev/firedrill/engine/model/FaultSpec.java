package dev.firedrill.engine.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A fault on the timeline: starts {@code at} after the workload starts, lasts {@code duration}, and
 * repeats {@code every} period when given. Exactly one action field is set (the Kubernetes "one of"
 * union, as in a volume source), so the schema shows each action's own fields.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record FaultSpec(
    @JsonPropertyDescription("Name of the fault, unique in the drill; used in the history.")
        @Required
        @Pattern(Names.PATTERN)
        String name,
    @JsonPropertyDescription("Start, relative to the workload's start, e.g. 20s.")
        @Required
        @Pattern(DurationText.PATTERN)
        String at,
    @JsonPropertyDescription(
            "How long the fault lasts before it is healed. Required for every action but"
                + " podKill.")
        @Pattern(DurationText.PATTERN)
        String duration,
    @JsonPropertyDescription("Repeat period: the fault starts again every this long.")
        @Pattern(DurationText.PATTERN)
        String every,
    @JsonPropertyDescription("Kill pods (or local processes: SIGKILL, then restart).")
        PodKill podKill,
    @JsonPropertyDescription("Stop processes (SIGSTOP) for the duration, like a long GC pause.")
        Pause pause,
    @JsonPropertyDescription("Cut network links: new connections refused, open ones closed.")
        Partition partition,
    @JsonPropertyDescription("Delay data on network links.") Latency latency,
    @JsonPropertyDescription("Limit the bandwidth of network links.") Bandwidth bandwidth,
    @JsonPropertyDescription("Delay the close of connections.") SlowClose slowClose,
    @JsonPropertyDescription("Reset connections (TCP RST) after a timeout.") ResetPeer resetPeer,
    @JsonPropertyDescription("Stop all data and close connections after a timeout (0: hold).")
        TimeoutFault timeout,
    @JsonPropertyDescription("Close connections after a number of bytes.") DataLimit dataLimit,
    @JsonPropertyDescription(
            "Move the wall clock of local processes (libfaketime), monotonic time untouched.")
        ClockSkew clockSkew) {

  /** The wire names of the action fields, in declaration order. */
  public static final List<String> ACTIONS =
      List.of(
          "podKill",
          "pause",
          "partition",
          "latency",
          "bandwidth",
          "slowClose",
          "resetPeer",
          "timeout",
          "dataLimit",
          "clockSkew");

  /** The actions that are set: exactly one in a valid drill. */
  @JsonIgnore
  public List<FaultAction> actions() {
    List<FaultAction> set = new ArrayList<>();
    Stream.of(
            podKill, pause, partition, latency, bandwidth, slowClose, resetPeer, timeout, dataLimit,
            clockSkew)
        .filter(a -> a != null)
        .forEach(set::add);
    return set;
  }

  /**
   * The one action of a valid fault.
   *
   * @throws IllegalStateException when the fault has no action or several (the validator reports
   *     this before any caller gets here)
   */
  @JsonIgnore
  public FaultAction action() {
    List<FaultAction> set = actions();
    if (set.size() != 1) {
      throw new IllegalStateException("fault " + name + " has " + set.size() + " actions");
    }
    return set.getFirst();
  }
}
