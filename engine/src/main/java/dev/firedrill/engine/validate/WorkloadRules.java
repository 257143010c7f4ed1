package dev.firedrill.engine.validate;

import dev.firedrill.engine.model.DurationText;
import dev.firedrill.engine.model.Guardrail;
import dev.firedrill.engine.model.InvariantSpec;
import dev.firedrill.engine.model.InvariantType;
import dev.firedrill.engine.model.ProbeSpec;
import dev.firedrill.engine.model.RequestTemplate;
import dev.firedrill.engine.model.Schedule;
import dev.firedrill.engine.model.Workload;
import dev.firedrill.engine.model.WorkloadType;
import java.text.ParseException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.quartz.CronExpression;

/**
 * Cross-field rules of what a drill drives and checks: the workload's operations and request
 * templates, probes, guardrails, invariants (each has the data it needs) and the schedule. A
 * placeholder is refused where it can never be filled in: outside path, query values, header
 * values, form values and the JSON body (in a base URL, a probe's URL, an extract pointer, a header
 * or parameter name), and where the operation never binds it ({@link #bound}).
 */
final class WorkloadRules {

  /** The operation every workload may add: a read of a derived view, for convergence. */
  static final String READ_PROJECTION = "readProjection";

  private WorkloadRules() {}

  static void check(RuleContext ctx) {
    Workload workload = ctx.spec().workload();
    if (workload != null) {
      operations(ctx, workload);
    }
    Set<String> probes = probes(ctx);
    guardrails(ctx, probes);
    invariants(ctx, workload, probes);
    if (ctx.spec().schedule() != null) {
      schedule(ctx, ctx.spec().schedule());
    }
  }

  /**
   * Whether the workload type's generator reads a projection when {@code readProjection} is mapped
   * (a queue's never does: dequeues and drains are its reads).
   */
  static boolean readsProjection(WorkloadType type) {
    return type != WorkloadType.QUEUE;
  }

  /** "read and write, and optionally append, cas or readProjection". */
  static String takes(WorkloadType type) {
    List<String> optional = new ArrayList<>(new TreeSet<>(type.optionalOperations()));
    if (readsProjection(type)) {
      optional.add(READ_PROJECTION);
    }
    String required = String.join(" and ", new TreeSet<>(type.requiredOperations()));
    if (optional.isEmpty()) {
      return required;
    }
    return required
        + ", and optionally "
        + String.join(", ", optional.subList(0, optional.size() - 1))
        + (optional.size() > 1 ? " or " : "")
        + optional.getLast();
  }

  private static void operations(RuleContext ctx, Workload workload) {
    TemplateRules.fixedUrl(ctx, "workload.baseUrl", workload.baseUrl());
    EndpointRules.check(ctx, workload);
    WorkloadType type = workload.type();
    if (type == null) {
      return;
    }
    if (type == WorkloadType.QUEUE
        && workload.warmup() != null
        && DurationText.parseOr(workload.warmup(), Duration.ZERO).isPositive()) {
      ctx.problem(
          "workload.warmup",
          "a queue workload has no read without side effects to warm up with (dequeue and drain"
              + " take items)",
          "remove workload.warmup");
    }
    Set<String> allowed = new TreeSet<>(type.requiredOperations());
    allowed.addAll(type.optionalOperations());
    if (readsProjection(type)) {
      allowed.add(READ_PROJECTION);
    }
    for (String required : new TreeSet<>(type.requiredOperations())) {
      if (!workload.operations().containsKey(required)) {
        ctx.problem(
            "workload.operations",
            "a "
                + type.wireName()
                + " workload needs the operation '"
                + required
                + "' (it takes "
                + takes(type)
                + ")",
            "add workload.operations." + required + " with its method and path");
      }
    }
    if (type == WorkloadType.KV
        && workload.operations().containsKey("cas")
        && workload.operations().containsKey("append")) {
      ctx.problem(
          "workload.operations.append",
          "a kv workload maps cas (a register per key) or append (a string per key), not both",
          "remove workload.operations.cas to check strings with append, or remove append");
    }
    for (Map.Entry<String, RequestTemplate> op :
        new java.util.TreeMap<>(workload.operations()).entrySet()) {
      String at = "workload.operations." + op.getKey();
      if (!allowed.contains(op.getKey())) {
        String fix =
            Suggestions.closest(op.getKey(), allowed)
                .map(s -> "did you mean '" + s + "'?")
                .orElse("a " + type.wireName() + " workload takes " + takes(type));
        ctx.problem(
            at, "a " + type.wireName() + " workload has no operation '" + op.getKey() + "'", fix);
      }
      TemplateRules.template(ctx, at, op.getValue(), TemplateRules.bound(type, op.getKey()));
    }
  }

  private static Set<String> probes(RuleContext ctx) {
    Set<String> names = new TreeSet<>();
    List<ProbeSpec> probes = ctx.spec().probes();
    for (int i = 0; i < probes.size(); i++) {
      ProbeSpec p = probes.get(i);
      String at = "probes[" + i + "]";
      if (p.name() != null && !names.add(p.name())) {
        ctx.problem(
            at + ".name",
            "another probe is also named '" + p.name() + "'",
            "give each probe its own name");
      }
      if (p.http() != null) {
        TemplateRules.fixedUrl(ctx, at + ".http.url", p.http().url());
      }
      if (p.prometheus() != null) {
        TemplateRules.fixedUrl(ctx, at + ".prometheus.url", p.prometheus().url());
      }
      if ((p.http() == null) == (p.prometheus() == null)) {
        ctx.problem(
            at,
            p.http() == null
                ? "the probe measures nothing"
                : "the probe has both http and prometheus",
            "give it exactly one of http and prometheus");
      }
      if (p.prometheus() != null
          && p.prometheus().min() != null
          && p.prometheus().max() != null
          && p.prometheus().min() > p.prometheus().max()) {
        ctx.problem(at + ".prometheus.min", "min is above max", "swap them");
      }
      if (p.http() != null) {
        for (int j = 0; j < p.http().expectStatus().size(); j++) {
          int code = p.http().expectStatus().get(j);
          if (code < 100 || code > 599) {
            ctx.problem(
                at + ".http.expectStatus[" + j + "]",
                code + " is not an HTTP status",
                "use 100 to 599");
          }
        }
      }
    }
    return names;
  }

  private static void guardrails(RuleContext ctx, Set<String> probes) {
    List<Guardrail> guardrails = ctx.spec().guardrails();
    for (int i = 0; i < guardrails.size(); i++) {
      Guardrail g = guardrails.get(i);
      String at = "guardrails[" + i + "]";
      if ((g.probe() == null) == (g.maxPodsDown() == null)) {
        ctx.problem(
            at,
            g.probe() == null
                ? "the guardrail has no condition"
                : "the guardrail has two conditions",
            "give it either probe (with failingFor) or maxPodsDown");
      }
      if (g.probe() != null && !probes.contains(g.probe())) {
        ctx.unknownReference(at + ".probe", "probe", g.probe(), probes, "probes");
      }
      if (g.failingFor() != null && g.probe() == null) {
        ctx.problem(
            at + ".failingFor", "failingFor applies to a probe", "add probe, or remove failingFor");
      }
    }
  }

  private static void invariants(RuleContext ctx, Workload workload, Set<String> probes) {
    List<InvariantSpec> invariants = ctx.spec().invariants();
    if (invariants.isEmpty()) {
      ctx.problem(
          "invariants",
          "the drill checks nothing",
          "add at least one invariant, e.g. - type: noLostWrites");
    }
    Set<InvariantType> seen = new HashSet<>();
    for (int i = 0; i < invariants.size(); i++) {
      InvariantSpec inv = invariants.get(i);
      if (inv.type() == null) {
        continue;
      }
      String at = "invariants[" + i + "]";
      if (!seen.add(inv.type())) {
        ctx.problem(
            at + ".type", "the invariant " + wire(inv.type()) + " is listed twice", "keep one");
      }
      InvariantParams.check(ctx, at, inv);
      WorkloadType type = workload == null ? null : workload.type();
      if (type != null
          && !inv.type().workloads().isEmpty()
          && !inv.type().workloads().contains(type)) {
        ctx.problem(
            at + ".type",
            wire(inv.type())
                + " needs a workload of type "
                + inv.type().workloads().stream()
                    .map(WorkloadType::wireName)
                    .sorted()
                    .collect(Collectors.joining(" or "))
                + ", and this one is "
                + type.wireName(),
            "change workload.type, or check another invariant");
      }
      needs(ctx, at, inv, workload, probes);
    }
  }

  private static void needs(
      RuleContext ctx, String at, InvariantSpec inv, Workload workload, Set<String> probes) {
    if (inv.type().readsProbes()) {
      if (inv.probes().isEmpty()) {
        ctx.problem(
            at + ".probes",
            wire(inv.type()) + " judges probe samples and lists no probe",
            "add probes: [<a probe on a service you do not fault>]");
      }
      for (int j = 0; j < inv.probes().size(); j++) {
        if (!probes.contains(inv.probes().get(j))) {
          ctx.unknownReference(
              at + ".probes[" + j + "]", "probe", inv.probes().get(j), probes, "probes");
        }
      }
    }
    if (workload == null) {
      return;
    }
    if (inv.type() == InvariantType.CONVERGENCE
        && !workload.operations().containsKey(READ_PROJECTION)) {
      ctx.problem(
          at,
          "convergence compares reads of the source with reads of the projection, and the workload"
              + " maps no "
              + READ_PROJECTION,
          "add workload.operations." + READ_PROJECTION);
    }
    if (inv.type() == InvariantType.LINEARIZABLE
        && "cas-register".equals(inv.model())
        && !workload.operations().containsKey("cas")) {
      ctx.problem(
          at + ".model",
          "model cas-register needs a cas operation",
          "add workload.operations.cas, or use model: register");
    }
    if (inv.type() == InvariantType.LINEARIZABLE
        && inv.model() != null
        && workload.type() == WorkloadType.KV
        && workload.operations().containsKey("append")) {
      ctx.problem(
          at + ".model",
          "a kv workload that maps append is checked as a string per key (get, put, append);"
              + " model "
              + inv.model()
              + " does not apply",
          "remove model");
    }
    if (inv.type() == InvariantType.LINEARIZABLE
        && "register".equals(inv.model())
        && workload.operations().containsKey("cas")) {
      ctx.problem(
          at + ".model",
          "model register has no cas, and the workload maps cas",
          "use model: cas-register, or remove workload.operations.cas");
    }
    if (inv.type() == InvariantType.CONSERVATION
        && inv.total() == null
        && workload.initial() != null
        && overflows(workload)) {
      ctx.problem(
          at,
          "the expected total, keys × workload.initial, is past 2^63 - 1",
          "give total, or a smaller workload.initial");
    }
    if (inv.type() == InvariantType.CONSERVATION
        && inv.total() == null
        && workload.initial() == null) {
      ctx.problem(
          at,
          "conservation needs the expected total",
          "add total, or workload.initial (per account)");
    }
    if (inv.type() == InvariantType.NO_DUPLICATES
        && workload.type() == WorkloadType.EVENTS
        && workload.operations().values().stream().noneMatch(WorkloadRules::usesIdempotencyKey)) {
      ctx.problem(
          at,
          "noDuplicates over events needs an idempotency key on the writes",
          "send {{idempotencyKey}} in a header or the body of workload.operations.append");
    }
  }

  private static boolean overflows(Workload workload) {
    try {
      Math.multiplyExact(workload.keys() == null ? 5 : workload.keys(), workload.initial());
      return false;
    } catch (ArithmeticException e) {
      return true;
    }
  }

  private static boolean usesIdempotencyKey(RequestTemplate t) {
    List<String> texts = new ArrayList<>();
    texts.add(t.path());
    texts.add(t.json());
    texts.addAll(t.headers().values());
    texts.addAll(t.form().values());
    texts.addAll(t.query().values());
    return texts.stream().anyMatch(s -> s != null && s.contains("{{idempotencyKey}}"));
  }

  private static void schedule(RuleContext ctx, Schedule s) {
    if (ctx.spec().target() != null && !ctx.spec().target().processes().isEmpty()) {
      // The operator keeps schedules and never runs local processes; firedrill run runs once.
      ctx.problem(
          "schedule",
          "a schedule is kept by the operator, which never runs local processes"
              + " (target.processes), and firedrill run runs a drill once: it would never fire",
          "remove schedule (run the drill from cron or CI), or target pods with target.selector"
              + " and no processes");
    }
    if (s.cron() != null) {
      try {
        new CronExpression(s.cron());
      } catch (ParseException | RuntimeException e) {
        ctx.problem(
            "schedule.cron",
            "'" + s.cron() + "' is not a Quartz cron expression: " + e.getMessage(),
            "write seconds minutes hours day-of-month month day-of-week, with ? in one of the two"
                + " day fields, e.g. \"0 0 2 ? * MON\" for every Monday at 02:00");
      }
    }
    try {
      ZoneId.of(s.timeZone());
    } catch (DateTimeException e) {
      ctx.problem(
          "schedule.timeZone",
          "'" + s.timeZone() + "' is not a time zone",
          "use an IANA name such as Europe/Berlin or UTC");
    }
    // Fully qualified so that this rule stays one self-contained block (the pattern itself is
    // checked by StructureCheck from the @Pattern on the record component).
    if (dev.firedrill.engine.model.DurationText.isValid(s.startingDeadline())
        && dev.firedrill.engine.model.DurationText.parse(s.startingDeadline())
                .compareTo(java.time.Duration.ofSeconds(1))
            < 0) {
      ctx.problem(
          "schedule.startingDeadline",
          "'" + s.startingDeadline() + "' is shorter than 1s: no run could start in time",
          "give at least 1s, e.g. 5m (the default)");
    }
  }

  static String wire(Enum<?> e) {
    return StructureCheck.wireName(e);
  }
}
