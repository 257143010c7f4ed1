package dev.firedrill.cluster.fault;

import dev.firedrill.engine.model.ProxySpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Which Services a drill intercepts and whether they can be: pure functions of the drill's proxies
 * and of the Services as read, shared by {@link ServiceInterception} (which refuses as it goes) and
 * by a caller that refuses a run before anything changes (the operator's Pending phase). A Service
 * can be intercepted when it exists, is chosen by a selector (not ExternalName), has a cluster IP
 * (not headless: its clients would bypass the targetPort), has only TCP ports (Toxiproxy's), has
 * the ports the drill names, and no other run that is still under way holds it.
 */
public final class InterceptionRules {

  private InterceptionRules() {}

  /** What the drill asks of one Service: proxy names by port, or one name for its only port. */
  record Wanted(Map<Integer, String> names, String onlyPort) {}

  /** The Services the drill's proxies name, in the proxies' order. */
  public static List<String> services(List<ProxySpec> proxies) {
    return List.copyOf(wanted(proxies).keySet());
  }

  /**
   * Why the Services the drill's proxies name cannot be intercepted by {@code runName}, one line
   * each, with the fix; empty when every one can. A pure function of the Services as the caller
   * read them: the same refusals {@link ServiceInterception#intercept} makes, before anything
   * changes. A Service that an interception annotation gives to a run no longer under way is judged
   * by the original spec in its annotation, as it will be once {@link ServiceHealer#restore} has
   * put it back.
   *
   * @param services the Services the proxies name, by name, as read; a name missing from the map is
   *     a Service that does not exist
   * @param liveRun whether a run ({@code namespace/name}) named by an interception annotation is
   *     still under way
   */
  public static List<String> problems(
      String namespace,
      List<ProxySpec> proxies,
      Map<String, Service> services,
      String runName,
      Predicate<String> liveRun) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Wanted> e : wanted(proxies).entrySet()) {
      String refusal =
          refusal(namespace, e.getKey(), services.get(e.getKey()), e.getValue(), runName, liveRun);
      if (refusal != null) {
        out.add(refusal);
      }
    }
    return out;
  }

  static Map<String, Wanted> wanted(List<ProxySpec> proxies) {
    Map<String, Map<Integer, String>> byService = new LinkedHashMap<>();
    Map<String, String> portless = new LinkedHashMap<>();
    for (ProxySpec p : proxies) {
      if (!p.intercepts()) {
        continue;
      }
      Map<Integer, String> names =
          byService.computeIfAbsent(p.service(), s -> new LinkedHashMap<>());
      if (p.port() == null) {
        portless.put(p.service(), p.name());
      } else {
        names.put(p.port(), p.name());
      }
    }
    Map<String, Wanted> out = new LinkedHashMap<>();
    byService.forEach((svc, names) -> out.put(svc, new Wanted(names, portless.get(svc))));
    return out;
  }

  /**
   * Why one Service cannot be intercepted by {@code runName}, or null when it can: absent, held by
   * a live run (another one), not chosen by a selector, or without the ports the drill names.
   */
  static String refusal(
      String namespace,
      String service,
      Service svc,
      Wanted wanted,
      String runName,
      Predicate<String> liveRun) {
    String ref = namespace + "/" + service;
    if (svc == null) {
      return "Service "
          + ref
          + " not found: nothing to intercept (fix: create it, or name an existing Service in"
          + " toxiproxy.proxies[].service)";
    }
    String existing = ServiceInterception.annotations(svc).get(ServiceInterception.ANNOTATION);
    if (existing != null) {
      InterceptedSpec earlier;
      try {
        earlier = InterceptedSpec.fromAnnotation(existing);
      } catch (IllegalArgumentException e) {
        return "Service " + ref + ": " + e.getMessage();
      }
      if (!runName.equals(earlier.run()) && liveRun.test(earlier.run())) {
        return heldBy(ref, earlier.run());
      }
      return portProblem(ref, earlier.ports(), wanted.names(), wanted.onlyPort());
    }
    if ("ExternalName".equals(svc.getSpec().getType())
        || svc.getSpec().getSelector() == null
        || svc.getSpec().getSelector().isEmpty()) {
      return "Service "
          + ref
          + " has no selector (its endpoints are not chosen by labels), so it cannot be"
          + " routed through Toxiproxy; give the proxy listen and upstream instead";
    }
    if ("None".equals(svc.getSpec().getClusterIP())) {
      return "Service "
          + ref
          + " is headless (clusterIP: None): its clients connect to pod addresses on its own"
          + " ports, which no targetPort moves to Toxiproxy's; give the proxy listen and upstream"
          + " instead";
    }
    return portProblem(ref, svc.getSpec().getPorts(), wanted.names(), wanted.onlyPort());
  }

  private static String heldBy(String ref, String other) {
    return "Service "
        + ref
        + " is already intercepted by run "
        + other
        + " (annotation "
        + ServiceInterception.ANNOTATION
        + "): wait until that run ends or delete it (either restores the Service), then run"
        + " again";
  }

  /** Why the drill's port names do not fit the Service's ports, or null when they do. */
  static String portProblem(
      String ref, List<ServicePort> ports, Map<Integer, String> names, String onlyPort) {
    for (ServicePort p : ports) {
      if (p.getProtocol() != null && !"TCP".equals(p.getProtocol())) {
        return "Service "
            + ref
            + " has port "
            + p.getPort()
            + "/"
            + p.getProtocol()
            + ", and Toxiproxy proxies TCP only (every port of an intercepted Service goes"
            + " through it); give the proxy listen and upstream instead";
      }
    }
    List<Integer> numbers = ports.stream().map(ServicePort::getPort).toList();
    if (onlyPort != null && numbers.size() != 1) {
      return "Service "
          + ref
          + " has ports "
          + numbers
          + ": say which one proxy "
          + onlyPort
          + " is with toxiproxy.proxies[].port";
    }
    for (Integer named : names.keySet()) {
      if (!numbers.contains(named)) {
        return "Service " + ref + " has no port " + named + " (it has " + numbers + ")";
      }
    }
    return null;
  }
}
