package dev.firedrill.engine.validate;

import dev.firedrill.engine.model.ClockSkew;
import dev.firedrill.engine.model.DrillSpec;
import dev.firedrill.engine.model.DurationText;
import dev.firedrill.engine.model.FaultAction;
import dev.firedrill.engine.model.FaultSpec;
import dev.firedrill.engine.model.LocalProcess;
import dev.firedrill.engine.model.NetworkFault;
import dev.firedrill.engine.model.Partition;
import dev.firedrill.engine.model.Pause;
import dev.firedrill.engine.model.PodKill;
import dev.firedrill.engine.model.ProxySpec;
import dev.firedrill.engine.model.RestartHealth;
import dev.firedrill.engine.model.Target;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Cross-field rules of what a drill attacks and when: the target, the proxies, and every fault on
 * the timeline (one action each, inside the workload's duration, referring to declared processes
 * and proxies).
 */
final class TimelineRules {

  /** Namespaces no drill may target. */
  static final Set<String> FORBIDDEN_NAMESPACES =
      Set.of("kube-system", "kube-public", "kube-node-lease");

  private TimelineRules() {}

  static void check(RuleContext ctx) {
    DrillSpec spec = ctx.spec();
    Target target = spec.target();
    if (target != null) {
      target(ctx, target);
    }
    proxies(ctx);
    Duration drill = spec.workload() == null ? null : durationOrNull(spec.workload().duration());
    Set<String> names = new HashSet<>();
    List<FaultSpec> faults = spec.faults();
    for (int i = 0; i < faults.size(); i++) {
      FaultSpec fault = faults.get(i);
      String at = "faults[" + i + "]";
      if (fault.name() != null && !names.add(fault.name())) {
        ctx.problem(
            at + ".name",
            "another fault is also named '" + fault.name() + "'",
            "give each fault its own name");
      }
      List<FaultAction> actions = fault.actions();
      if (actions.isEmpty()) {
        ctx.problem(
            at,
            "the fault has no action",
            "add exactly one of " + String.join(", ", FaultSpec.ACTIONS));
        continue;
      }
      if (actions.size() > 1) {
        ctx.problem(
            at,
            "the fault has "
                + actions.size()
                + " actions ("
                + actions.stream().map(FaultAction::kind).collect(Collectors.joining(", "))
                + "); a fault does one thing",
            "split it into one fault per action");
        continue;
      }
      timing(ctx, at, fault, actions.getFirst(), drill);
      action(ctx, at, actions.getFirst());
    }
  }

  private static void target(RuleContext ctx, Target target) {
    if (target.namespace() != null && FORBIDDEN_NAMESPACES.contains(target.namespace())) {
      ctx.problem(
          "target.namespace",
          "'" + target.namespace() + "' is never a legal target",
          "target your application's namespace, labelled firedrill.dev/drills=enabled");
    }
    boolean cluster = target.namespace() != null || !target.selector().isEmpty();
    if (!cluster && target.processes().isEmpty()) {
      ctx.problem(
          "target",
          "the target names nothing to attack",
          "add namespace + selector (a cluster) or processes (one machine)");
    }
    Set<String> names = new HashSet<>();
    Set<Integer> ports = new HashSet<>();
    for (int i = 0; i < target.processes().size(); i++) {
      LocalProcess p = target.processes().get(i);
      String at = "target.processes[" + i + "]";
      if (p.name() != null && !names.add(p.name())) {
        ctx.problem(
            at + ".name",
            "another process is also named '" + p.name() + "'",
            "give each process its own name");
      }
      if (p.port() != null && !ports.add(p.port())) {
        ctx.problem(
            at + ".port",
            "another process also uses port " + p.port(),
            "give each process its own port");
      }
      for (int j = 0; j < p.ports().size(); j++) {
        Integer port = p.ports().get(j);
        if (port == null || port < 1 || port > 65535) {
          ctx.problem(
              at + ".ports[" + j + "]",
              "port " + port + " is not a TCP port",
              "give a number from 1 to 65535");
        } else if (!ports.add(port)) {
          ctx.problem(
              at + ".ports[" + j + "]",
              "another process (or this one) also uses port " + port,
              "give each port to one process once");
        }
      }
      if (p.restartHealth() == RestartHealth.PORT && p.port() == null) {
        ctx.problem(
            at + ".restartHealth",
            "restartHealth: port needs the process's port",
            "add port: the port the process accepts connections on");
      }
    }
  }

  private static void proxies(RuleContext ctx) {
    if (ctx.spec().toxiproxy() == null) {
      return;
    }
    Set<String> names = new HashSet<>();
    Set<String> listens = new HashSet<>();
    Set<String> servicePorts = new HashSet<>();
    Target target = ctx.spec().target();
    boolean local = target != null && !target.processes().isEmpty();
    List<ProxySpec> proxies = ctx.spec().toxiproxy().proxies();
    for (int i = 0; i < proxies.size(); i++) {
      ProxySpec p = proxies.get(i);
      String at = "toxiproxy.proxies[" + i + "]";
      if (p.name() != null && !names.add(p.name())) {
        ctx.problem(
            at + ".name",
            "another proxy is also named '" + p.name() + "'",
            "give each proxy its own name");
      }
      if (p.service() != null) {
        serviceProxy(ctx, at, p, local, servicePorts);
        continue;
      }
      if (p.port() != null) {
        ctx.problem(at + ".port", "port applies only with service", "remove port, or add service");
      }
      if (p.listen() == null || p.upstream() == null) {
        ctx.problem(
            at,
            p.listen() == null && p.upstream() == null
                ? "the proxy says neither where it listens nor what it forwards to"
                : "the proxy has "
                    + (p.listen() == null
                        ? "an upstream but no listen"
                        : "a listen but no upstream"),
            "give listen and upstream (e.g. listen: 127.0.0.1:28081, upstream: payments:8080),"
                + " or, in a cluster, service: payments");
      }
      if (p.listen() != null && !listens.add(p.listen())) {
        ctx.problem(
            at + ".listen",
            "another proxy also listens on " + p.listen(),
            "give each proxy its own port");
      }
      if (p.listen() != null && p.listen().equals(p.upstream())) {
        ctx.problem(
            at + ".upstream",
            "the proxy would forward to itself",
            "point upstream at the real service");
      }
    }
  }

  private static void serviceProxy(
      RuleContext ctx, String at, ProxySpec p, boolean local, Set<String> servicePorts) {
    if (p.listen() != null || p.upstream() != null) {
      ctx.problem(
          at + (p.listen() != null ? ".listen" : ".upstream"),
          "a proxy is either a Service to intercept or listen + upstream, not both",
          "remove listen and upstream (the run routes the Service through Toxiproxy), or"
              + " remove service");
    }
    if (local) {
      ctx.problem(
          at + ".service",
          "Service interception needs a cluster run, and this drill runs local processes",
          "give listen and upstream for a local run");
    }
    if (ctx.spec().toxiproxy().url() != null) {
      ctx.problem(
          at + ".service",
          "a Service is intercepted through the run's own Toxiproxy, and the drill names"
              + " toxiproxy.url "
              + ctx.spec().toxiproxy().url(),
          "remove toxiproxy.url, or give listen and upstream on that Toxiproxy");
    }
    String key = p.service() + ":" + (p.port() == null ? "" : p.port());
    if (!servicePorts.add(key)) {
      ctx.problem(
          at + (p.port() == null ? ".service" : ".port"),
          "another proxy is also Service "
              + p.service()
              + (p.port() == null ? "" : " port " + p.port()),
          "give each Service port one proxy");
    }
  }

  private static void timing(
      RuleContext ctx, String at, FaultSpec fault, FaultAction action, Duration drill) {
    Duration start = durationOrNull(fault.at());
    Duration length = durationOrNull(fault.duration());
    Duration every = durationOrNull(fault.every());
    boolean instant = action instanceof PodKill;
    if (instant && fault.duration() != null) {
      ctx.problem(
          at + ".duration",
          "a podKill is instantaneous; duration does not apply",
          "remove duration (local runs: set podKill.restartAfter), or repeat it with every");
    }
    if (!instant && fault.duration() == null) {
      ctx.problem(
          at,
          "a " + action.kind() + " fault needs a duration",
          "add duration: 30s (how long before it is healed)");
    }
    if (length != null && length.isZero()) {
      ctx.problem(at + ".duration", "the duration is zero", "use a positive duration, e.g. 10s");
    }
    if (every != null && (every.isZero() || (length != null && every.compareTo(length) < 0))) {
      ctx.problem(
          at + ".every",
          "every ("
              + fault.every()
              + ") must be positive and at least the duration ("
              + fault.duration()
              + "), or occurrences would overlap",
          "set every to "
              + (fault.duration() == null ? "a positive duration" : fault.duration() + " or more"));
    }
    if (drill == null || start == null) {
      return;
    }
    if (start.compareTo(drill) >= 0) {
      ctx.problem(
          at + ".at",
          "starts at "
              + fault.at()
              + ", at or after the end of the workload ("
              + DurationText.format(drill)
              + ")",
          "start it before " + DurationText.format(drill) + ", or lengthen workload.duration");
    } else if (length != null && start.plus(length).compareTo(drill) > 0) {
      ctx.problem(
          at + ".duration",
          "ends at "
              + DurationText.format(start.plus(length))
              + ", after the workload ends ("
              + DurationText.format(drill)
              + ")",
          "start it earlier, shorten it to at most "
              + DurationText.format(drill.minus(start))
              + ", or lengthen workload.duration");
    }
  }

  private static void action(RuleContext ctx, String at, FaultAction action) {
    String base = at + "." + action.kind();
    switch (action) {
      case PodKill kill -> PodKillRules.check(ctx, base, kill);
      case Pause pause -> {
        processes(ctx, base + ".processes", pause.processes());
        PodKillRules.modeValue(ctx, base, pause.modeOrDefault(), pause.value(), "processes");
      }
      case ClockSkew skew -> ClockSkewRules.check(ctx, base, skew);
      case NetworkFault net -> network(ctx, base, net);
    }
  }

  static void processes(RuleContext ctx, String path, List<String> names) {
    Target target = ctx.spec().target();
    Set<String> known =
        target == null
            ? Set.of()
            : target.processes().stream()
                .map(LocalProcess::name)
                .filter(n -> n != null)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    for (int i = 0; i < names.size(); i++) {
      if (!known.contains(names.get(i))) {
        ctx.unknownReference(
            path + "[" + i + "]", "process", names.get(i), known, "target.processes");
      }
    }
  }

  private static void network(RuleContext ctx, String base, NetworkFault net) {
    if (ctx.spec().toxiproxy() == null) {
      ctx.problem(
          base,
          "a " + net.kind() + " fault acts on Toxiproxy links, and the drill declares none",
          "add toxiproxy.proxies with the links to attack");
      return;
    }
    Set<String> known =
        ctx.spec().toxiproxy().proxies().stream()
            .map(ProxySpec::name)
            .filter(n -> n != null)
            .collect(Collectors.toCollection(java.util.TreeSet::new));
    if (net instanceof Partition partition) {
      PartitionRules.check(ctx, base, partition);
    }
    for (int i = 0; i < net.proxies().size(); i++) {
      if (!known.contains(net.proxies().get(i))) {
        ctx.unknownReference(
            base + ".proxies[" + i + "]",
            "proxy",
            net.proxies().get(i),
            known,
            "toxiproxy.proxies");
      }
    }
  }

  static Duration durationOrNull(String text) {
    return DurationText.isValid(text) ? DurationText.parse(text) : null;
  }

  static String wire(Enum<?> e) {
    return StructureCheck.wireName(e);
  }
}
