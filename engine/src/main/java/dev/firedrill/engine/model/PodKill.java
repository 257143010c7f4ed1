package dev.firedrill.engine.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kills pods, or local processes standing in for them.
 *
 * <p><b>Which pods.</b> The candidates are the pods of {@link #namespace} (default: the target's)
 * whose labels match the kill's selector and whose phase is one of {@link #phases} (default:
 * Running), pods already being deleted excepted. In the target's namespace the kill's labels are
 * the target's {@code selector} with {@link #selector} merged over it: a key the kill names
 * replaces the target's value for that key (kill {@code app: payments} while the target and the
 * workload are {@code app: orders}), a key the target does not have narrows the choice ({@code
 * version: v2}), and a kill with no selector takes the target's pods. In another namespace the
 * target's selector does not apply: the kill's own {@code selector} and {@code matchExpressions}
 * are the whole selector. {@link #matchExpressions} always narrow further. Zero candidates is an
 * error at run time, never a kill of nothing.
 *
 * <p><b>How many.</b> {@link #mode} and {@link #value} (Chaos Mesh's modes), chosen among the
 * candidates by the plan's seed. A kill is not undone: the pod's controller replaces it; the time
 * until a replacement is Ready goes into the history.
 *
 * <p><b>Locally</b> a kill names {@link #processes} (or takes the target's processes): SIGKILL,
 * then a restart after {@link #restartAfter}. The cluster-only fields do not apply there.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record PodKill(
    @JsonPropertyDescription(
            "How many: one, all, fixed (value pods), fixed-percent (value % rounded up),"
                + " random-max-percent (a seeded draw of 1 to value %); percent is the older name"
                + " of fixed-percent. Default one.")
        PodKillMode mode,
    @JsonPropertyDescription(
            "Count for mode fixed; percentage (1 to 100) for fixed-percent, percent and"
                + " random-max-percent.")
        @Min(1)
        @Max(10000)
        Integer value,
    @JsonPropertyDescription(
            "Namespace of the pods to kill, when not the target's (kill payments while the"
                + " workload watches orders). It must carry firedrill.dev/drills=enabled too.")
        @Pattern("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")
        String namespace,
    @JsonPropertyDescription(
            "Labels (matchLabels) of the pods to kill, merged over target.selector in the"
                + " target's namespace (a key named here replaces the target's), alone in another"
                + " namespace.")
        Map<String, String> selector,
    @JsonPropertyDescription("Label requirements (matchExpressions) every pod to kill must meet.")
        List<LabelSelectorRequirement> matchExpressions,
    @JsonPropertyDescription("Phases a pod must be in to be chosen. Default [Running].")
        List<PodPhase> phases,
    @JsonPropertyDescription(
            "Grace period of the delete, in whole seconds (0s: at once). Default: the pod's own"
                + " terminationGracePeriodSeconds.")
        @Pattern(DurationText.PATTERN)
        String gracePeriod,
    @JsonPropertyDescription("Local processes (by name in target.processes) to choose from.")
        List<String> processes,
    @JsonPropertyDescription("Local runs: restart a killed process after this long. Default 1s.")
        @Pattern(DurationText.PATTERN)
        String restartAfter)
    implements FaultAction {

  /** The phases chosen from when the drill names none. */
  public static final List<PodPhase> DEFAULT_PHASES = List.of(PodPhase.RUNNING);

  public PodKill {
    mode = mode == null ? PodKillMode.ONE : mode;
    selector = selector == null ? Map.of() : Map.copyOf(selector);
    matchExpressions = matchExpressions == null ? List.of() : List.copyOf(matchExpressions);
    phases = phases == null ? List.of() : List.copyOf(phases);
    processes = processes == null ? List.of() : List.copyOf(processes);
  }

  /** A kill of pods or processes with no cluster-only fields (local drills, tests). */
  public PodKill(
      PodKillMode mode,
      Integer value,
      Map<String, String> selector,
      List<String> processes,
      String restartAfter) {
    this(mode, value, null, selector, null, null, null, processes, restartAfter);
  }

  @Override
  public String kind() {
    return "podKill";
  }

  /** The phases a candidate must be in: {@link #phases}, else {@link #DEFAULT_PHASES}. */
  @JsonIgnore
  public List<PodPhase> phasesOrDefault() {
    return phases.isEmpty() ? DEFAULT_PHASES : phases;
  }

  /** The namespace of the pods to kill: the kill's own, else {@code targetNamespace}. */
  @JsonIgnore
  public String namespaceOr(String targetNamespace) {
    return namespace != null ? namespace : targetNamespace;
  }

  /**
   * The matchLabels of the pods to kill: {@link #selector} merged over {@code target}'s in the
   * target's namespace, {@link #selector} alone in another (see the class comment).
   */
  @JsonIgnore
  public Map<String, String> labelsOver(Target target) {
    boolean sameNamespace =
        namespace == null || target == null || namespace.equals(target.namespace());
    Map<String, String> labels = new LinkedHashMap<>();
    if (sameNamespace && target != null) {
      labels.putAll(new java.util.TreeMap<>(target.selector()));
    }
    labels.putAll(new java.util.TreeMap<>(selector));
    return labels;
  }

  /** True when the kill names a field that only a cluster run uses. */
  @JsonIgnore
  public boolean hasClusterFields() {
    return namespace != null
        || !selector.isEmpty()
        || !matchExpressions.isEmpty()
        || !phases.isEmpty()
        || gracePeriod != null;
  }
}
