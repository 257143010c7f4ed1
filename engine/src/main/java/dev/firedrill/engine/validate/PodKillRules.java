package dev.firedrill.engine.validate;

import dev.firedrill.engine.model.DurationText;
import dev.firedrill.engine.model.Guardrail;
import dev.firedrill.engine.model.LabelSelectorRequirement;
import dev.firedrill.engine.model.PodKill;
import dev.firedrill.engine.model.PodKillMode;
import dev.firedrill.engine.model.PodPhase;
import dev.firedrill.engine.model.Target;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * The rules of one {@code podKill}, part of {@link TimelineRules}: the mode's value, and the fields
 * of the kind of kill it is. A kill of local processes (it names processes, or the target has them)
 * refuses the cluster-only fields, which would otherwise be silently ignored; a kill of pods needs
 * a selector that names them (a kill in another namespace its own), takes a grace period in whole
 * seconds and no restartAfter. A kill that takes more at once than the guardrails' {@code
 * maxPodsDown} would be vetoed every time, and is refused here.
 */
final class PodKillRules {

  private PodKillRules() {}

  static void check(RuleContext ctx, String base, PodKill kill) {
    podKillValue(ctx, base, kill);
    TimelineRules.processes(ctx, base + ".processes", kill.processes());
    Target target = ctx.spec().target();
    boolean local =
        !kill.processes().isEmpty() || (target != null && !target.processes().isEmpty());
    if (local) {
      localPodKill(ctx, base, kill);
    } else {
      clusterPodKill(ctx, base, kill, target);
    }
    maxPodsDown(ctx, base, kill, local);
  }

  private static void podKillValue(RuleContext ctx, String base, PodKill kill) {
    modeValue(ctx, base, kill.mode(), kill.value(), "pods");
  }

  /**
   * The value a mode needs (fixed, the percentages) and no other: for pod kills and pauses alike;
   * {@code what} names the candidates in the fix ("pods", "processes").
   */
  static void modeValue(
      RuleContext ctx, String base, PodKillMode mode, Integer value, String what) {
    if (mode.needsValue() && value == null) {
      ctx.problem(
          base + ".value",
          "mode " + TimelineRules.wire(mode) + " needs a value",
          mode == PodKillMode.FIXED
              ? "add value: 2 (how many " + what + ")"
              : mode == PodKillMode.RANDOM_MAX_PERCENT
                  ? "add value: 50 (at most this percent of the " + what + ")"
                  : "add value: 50 (percent of the " + what + ")");
    }
    if (!mode.needsValue() && value != null) {
      ctx.problem(
          base + ".value",
          "value applies only to modes fixed, fixed-percent, percent and random-max-percent",
          "remove value, or set mode: fixed");
    }
    if (mode.isPercent() && value != null && value > 100) {
      ctx.problem(
          base + ".value",
          "mode "
              + TimelineRules.wire(mode)
              + " takes a percentage, and "
              + value
              + " is above 100",
          "use 1 to 100");
    }
  }

  /** A kill of local processes: the cluster-only fields would be silently ignored, so refuse. */
  private static void localPodKill(RuleContext ctx, String base, PodKill kill) {
    String why = "this kill acts on local processes (SIGKILL), not on pods";
    if (kill.namespace() != null) {
      ctx.problem(base + ".namespace", "namespace applies to pods; " + why, "remove namespace");
    }
    if (!kill.selector().isEmpty()) {
      ctx.problem(
          base + ".selector",
          "selector applies to pods; " + why,
          "remove selector, or name the processes with podKill.processes");
    }
    if (!kill.matchExpressions().isEmpty()) {
      ctx.problem(
          base + ".matchExpressions", "matchExpressions apply to pods; " + why, "remove them");
    }
    if (!kill.phases().isEmpty()) {
      ctx.problem(base + ".phases", "phases apply to pods; " + why, "remove phases");
    }
    if (kill.gracePeriod() != null) {
      ctx.problem(
          base + ".gracePeriod",
          "gracePeriod applies to pods; " + why,
          "remove gracePeriod (restartAfter sets when the process comes back)");
    }
  }

  private static void clusterPodKill(RuleContext ctx, String base, PodKill kill, Target target) {
    String targetNamespace = target == null ? null : target.namespace();
    if (kill.namespace() != null && TimelineRules.FORBIDDEN_NAMESPACES.contains(kill.namespace())) {
      ctx.problem(
          base + ".namespace",
          "'" + kill.namespace() + "' is never a legal target",
          "kill pods of your application's namespace, labelled firedrill.dev/drills=enabled");
    }
    boolean otherNamespace = kill.namespace() != null && !kill.namespace().equals(targetNamespace);
    boolean ownSelector = !kill.selector().isEmpty() || !kill.matchExpressions().isEmpty();
    if (otherNamespace && !ownSelector) {
      ctx.problem(
          base + ".selector",
          "the kill names namespace "
              + kill.namespace()
              + ", where the target's selector does not apply, and no selector of its own:"
              + " it would kill any pod there",
          "add podKill.selector (e.g. app: payments) or podKill.matchExpressions");
    } else if (kill.labelsOver(target).isEmpty() && kill.matchExpressions().isEmpty()) {
      ctx.problem(
          base,
          "no pods or processes to kill: no selector names them",
          "add target.selector, podKill.selector or podKill.processes");
    }
    if (kill.restartAfter() != null) {
      ctx.problem(
          base + ".restartAfter",
          "restartAfter applies to local processes; a pod's controller replaces a killed pod",
          "remove restartAfter");
    }
    if (kill.gracePeriod() != null && DurationText.isValid(kill.gracePeriod())) {
      Duration grace = DurationText.parse(kill.gracePeriod());
      if (grace.toMillis() % 1000 != 0) {
        ctx.problem(
            base + ".gracePeriod",
            "Kubernetes takes a grace period in whole seconds, and "
                + kill.gracePeriod()
                + " is not",
            "use e.g. 0s, 5s or 30s");
      }
    }
    Set<PodPhase> phases = new HashSet<>();
    for (int i = 0; i < kill.phases().size(); i++) {
      if (!phases.add(kill.phases().get(i))) {
        ctx.problem(
            base + ".phases[" + i + "]",
            "phase " + TimelineRules.wire(kill.phases().get(i)) + " is listed twice",
            "list each phase once");
      }
    }
    for (int i = 0; i < kill.matchExpressions().size(); i++) {
      matchExpression(ctx, base + ".matchExpressions[" + i + "]", kill.matchExpressions().get(i));
    }
  }

  private static void matchExpression(RuleContext ctx, String at, LabelSelectorRequirement r) {
    if (r.operator() == null) {
      return; // reported by the structure check
    }
    if (r.operator().needsValues() && r.values().isEmpty()) {
      ctx.problem(
          at + ".values",
          "operator " + TimelineRules.wire(r.operator()) + " needs at least one value",
          "add values: [web] (the label values to "
              + (r.operator().name().startsWith("NOT") ? "exclude" : "match")
              + ")");
    }
    if (!r.operator().needsValues() && !r.values().isEmpty()) {
      ctx.problem(
          at + ".values",
          "operator " + TimelineRules.wire(r.operator()) + " takes no values",
          "remove values, or use In / NotIn");
    }
  }

  /**
   * A kill that takes more pods at once than {@code maxPodsDown} allows would be vetoed every time:
   * say so now rather than at run time.
   */
  private static void maxPodsDown(RuleContext ctx, String base, PodKill kill, boolean local) {
    Integer max =
        ctx.spec().guardrails().stream()
            .map(Guardrail::maxPodsDown)
            .filter(m -> m != null)
            .min(Integer::compare)
            .orElse(null);
    if (max == null) {
      return;
    }
    Integer atOnce = null;
    if (kill.mode() == PodKillMode.ONE) {
      atOnce = 1;
    } else if (kill.mode() == PodKillMode.FIXED && kill.value() != null) {
      atOnce = kill.value();
    } else if (kill.mode() == PodKillMode.ALL && local) {
      Target target = ctx.spec().target();
      atOnce = kill.processes().isEmpty() ? target.processes().size() : kill.processes().size();
    }
    if (atOnce != null && atOnce > max) {
      ctx.problem(
          base,
          "the kill takes "
              + atOnce
              + " at once, more than guardrails maxPodsDown ("
              + max
              + ") allows: it would be vetoed every time",
          "kill fewer (mode: fixed, value: " + Math.max(1, max) + "), or raise maxPodsDown");
    }
  }
}
