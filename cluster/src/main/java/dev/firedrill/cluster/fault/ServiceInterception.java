package dev.firedrill.cluster.fault;

import dev.firedrill.engine.fault.FaultLedger;
import dev.firedrill.engine.fault.LedgerEntry;
import dev.firedrill.engine.model.ProxySpec;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Routes Kubernetes Services through a run's Toxiproxy for the length of the run, with no sidecar
 * and no privileges, and so that no crash leaves a Service redirected. For each Service:
 *
 * <ol>
 *   <li>A ledger entry (driver {@value #KIND}, action {@value #ACTION}, target {@code ns/svc},
 *       occurrence {@code intercept:<svc>}) is written through the {@link FaultLedger}
 *       <b>before</b> anything changes; its {@code undo} holds the original {@code spec.selector}
 *       and {@code spec.ports} as JSON. A refused write changes nothing.
 *   <li>A shadow Service {@code <svc>-firedrill-shadow} is created with the original selector and
 *       ports (owned by the DrillRun, so it goes with the run): the proxies forward to it.
 *   <li>The Service's proxies are opened on the run's Toxiproxy ({@link ProxyOpener}), so the
 *       Service never points at a port nobody listens on.
 *   <li>The Service itself is updated in one write (optimistic, on its resourceVersion): its
 *       selector becomes the Toxiproxy pods' labels, each port's targetPort the port a proxy
 *       listens on, and the annotation {@value #ANNOTATION} records the original, so the Service
 *       carries what restores it whatever happens to the ledger.
 * </ol>
 *
 * {@link ServiceHealer} puts the original back byte for byte. A Service already intercepted by
 * another run is refused (that run heals it, or {@link ServiceHealer#restore} does when it is
 * gone); one intercepted by this same run (an operator that restarted mid-Pending) is taken as it
 * is, with the same proxies. {@link InterceptionRules#problems} gives the same refusals as a pure
 * function of the Services as read, so a caller can refuse a run before it changes anything.
 */
public final class ServiceInterception {

  /** The driver kind of interception entries in the ledger. */
  public static final String KIND = "service";

  /** The action of interception entries. */
  public static final String ACTION = "intercept";

  /** The annotation on an intercepted Service: its original selector and ports, as JSON. */
  public static final String ANNOTATION = "firedrill.dev/intercepted";

  /** The label on a shadow Service: the Service it stands for. */
  public static final String SHADOW_OF = "firedrill.dev/shadow-of";

  /**
   * The ports proxies listen on are taken from here up, in order, unless the run says otherwise.
   */
  public static final int FIRST_LISTEN_PORT = 20000;

  private static final String SHADOW_SUFFIX = "-firedrill-shadow";
  private static final int MAX_NAME = 63;
  private static final int CONFLICT_RETRIES = 5;

  /**
   * The run that intercepts.
   *
   * @param name the DrillRun, {@code namespace/name}: recorded in the annotation
   * @param owner the DrillRun as the owner of the shadow Services
   * @param proxyPods the labels of the run's Toxiproxy pods: the intercepted Services' new selector
   * @param firstListenPort the first port the proxies listen on
   */
  public record Run(
      String name, OwnerReference owner, Map<String, String> proxyPods, int firstListenPort) {
    public Run {
      Objects.requireNonNull(name, "name");
      proxyPods = Map.copyOf(proxyPods);
      if (proxyPods.isEmpty()) {
        throw new IllegalArgumentException("the Toxiproxy pods need labels to select them by");
      }
    }
  }

  /** One intercepted Service: its ledger entry and the proxies the run's Toxiproxy must have. */
  public record Intercepted(LedgerEntry entry, List<ProxySpec> proxies) {}

  /**
   * Opens one Service's proxies on the run's Toxiproxy (e.g. {@code
   * ToxiproxyDriver.ensureProxies}). Called after the Service's shadow exists and before the
   * Service is pointed at the proxies, and again for a Service this run intercepted before; it must
   * be idempotent. A failure leaves the Service as it was (its ledger entry, recorded already,
   * heals to a no-op).
   */
  @FunctionalInterface
  public interface ProxyOpener {
    void open(List<ProxySpec> proxies) throws Exception;
  }

  private final KubernetesClient client;
  private final FaultLedger ledger;
  private final InstantSource clock;
  private final Run run;
  private final ProxyOpener opener;
  private int nextListen;

  /** An interception whose caller opens the returned proxies itself, after each redirect. */
  public ServiceInterception(
      KubernetesClient client, FaultLedger ledger, InstantSource clock, Run run) {
    this(client, ledger, clock, run, proxies -> {});
  }

  /**
   * An interception that opens each Service's proxies through {@code opener} before redirecting.
   */
  public ServiceInterception(
      KubernetesClient client,
      FaultLedger ledger,
      InstantSource clock,
      Run run,
      ProxyOpener opener) {
    this.client = client;
    this.ledger = ledger;
    this.clock = clock;
    this.run = run;
    this.opener = Objects.requireNonNull(opener, "opener");
    this.nextListen = run.firstListenPort();
  }

  /** The shadow Service's name: {@code <svc>-firedrill-shadow}, shortened with a hash past 63. */
  public static String shadowName(String service) {
    String name = service + SHADOW_SUFFIX;
    if (name.length() <= MAX_NAME) {
      return name;
    }
    String hash = Integer.toHexString(service.hashCode() & 0x7fffffff);
    return service.substring(0, MAX_NAME - SHADOW_SUFFIX.length() - hash.length() - 1)
        + "-"
        + hash
        + SHADOW_SUFFIX;
  }

  /**
   * Intercepts every Service the drill's proxies name ({@code service}), in the proxies' order, and
   * returns the proxies the run's Toxiproxy must have: one per port of each Service, named as the
   * drill names it (a port no proxy names gets {@code <svc>-port-<port>}), so a redirected Service
   * loses none of its ports. Call it in the same order every time (the listen ports follow it).
   */
  public List<ProxySpec> interceptAll(String namespace, List<ProxySpec> proxies) throws Exception {
    List<ProxySpec> out = new ArrayList<>();
    for (Map.Entry<String, InterceptionRules.Wanted> e :
        InterceptionRules.wanted(proxies).entrySet()) {
      out.addAll(
          intercept(namespace, e.getKey(), e.getValue().names(), e.getValue().onlyPort())
              .proxies());
    }
    return out;
  }

  /**
   * Intercepts one Service.
   *
   * @param names proxy names by Service port, for the ports the drill names
   * @param onlyPort the proxy name for a Service of one port named without a port, or null
   */
  public Intercepted intercept(
      String namespace, String service, Map<Integer, String> names, String onlyPort)
      throws Exception {
    for (int attempt = 0; ; attempt++) {
      try {
        return interceptOnce(namespace, service, names, onlyPort);
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt >= CONFLICT_RETRIES) {
          throw e;
        }
      }
    }
  }

  private Intercepted interceptOnce(
      String namespace, String service, Map<Integer, String> names, String onlyPort)
      throws Exception {
    Service svc = client.services().inNamespace(namespace).withName(service).get();
    String ref = namespace + "/" + service;
    // Here every other run's annotation refuses: the caller restores a gone run's Service first.
    String refusal =
        InterceptionRules.refusal(
            namespace,
            service,
            svc,
            new InterceptionRules.Wanted(names, onlyPort),
            run.name(),
            other -> true);
    if (refusal != null) {
      throw new IllegalStateException(refusal);
    }
    String existing = annotations(svc).get(ANNOTATION);
    if (existing != null) {
      return again(
          namespace, service, svc, InterceptedSpec.fromAnnotation(existing), names, onlyPort);
    }
    List<ServicePort> ports = svc.getSpec().getPorts();
    Map<Integer, String> proxyNames = proxyNames(ref, ports, names, onlyPort);
    InterceptedSpec original = InterceptedSpec.of(run.name(), shadowName(service), svc.getSpec());
    int first = nextListen;
    LedgerEntry entry =
        LedgerEntry.planned(
            occurrence(service),
            ACTION,
            KIND,
            ref,
            original.undo(namespace, service, run.proxyPods()),
            null);
    ledger.record(entry); // may veto: nothing has changed yet
    createShadow(namespace, service, svc);
    List<ProxySpec> proxies =
        proxies(namespace, original.shadow(), original.ports(), proxyNames, first);
    opener.open(proxies); // listening before the Service points at it
    Service redirected = svc;
    redirected.getSpec().setSelector(new LinkedHashMap<>(run.proxyPods()));
    List<ServicePort> moved = new ArrayList<>();
    for (int i = 0; i < ports.size(); i++) {
      moved.add(
          new ServicePortBuilder(ports.get(i)).withTargetPort(new IntOrString(first + i)).build());
    }
    redirected.getSpec().setPorts(moved);
    Map<String, String> annotations = new LinkedHashMap<>(annotations(svc));
    annotations.put(ANNOTATION, original.annotation());
    redirected.getMetadata().setAnnotations(annotations);
    client.services().inNamespace(namespace).resource(redirected).update();
    nextListen = first + ports.size();
    LedgerEntry done =
        entry.with(LedgerEntry.State.INJECTED, clock.instant().toString(), null, null);
    try {
      ledger.update(done);
    } catch (Exception ignored) {
      // Best effort, as for every update: the entry recorded before the change restores it.
    }
    return new Intercepted(done, proxies);
  }

  /** A Service this run intercepted before: the same proxies, from what it recorded. */
  private Intercepted again(
      String namespace,
      String service,
      Service svc,
      InterceptedSpec earlier,
      Map<Integer, String> names,
      String onlyPort)
      throws Exception {
    String ref = namespace + "/" + service;
    List<ServicePort> original = earlier.ports();
    Map<Integer, String> proxyNames = proxyNames(ref, original, names, onlyPort);
    int first = svc.getSpec().getPorts().getFirst().getTargetPort().getIntVal();
    LedgerEntry entry =
        LedgerEntry.planned(
                occurrence(service),
                ACTION,
                KIND,
                ref,
                earlier.undo(namespace, service, run.proxyPods()),
                null)
            .with(LedgerEntry.State.INJECTED, clock.instant().toString(), null, null);
    ledger.record(entry);
    nextListen = Math.max(nextListen, first + original.size());
    List<ProxySpec> proxies = proxies(namespace, earlier.shadow(), original, proxyNames, first);
    opener.open(proxies); // the Toxiproxy may have restarted since (its proxies live in memory)
    return new Intercepted(entry, proxies);
  }

  /**
   * The run ({@code namespace/name}) whose interception the annotation on {@code svc} records, or
   * null when it carries none (or one Firedrill did not write).
   */
  public static String interceptedBy(Service svc) {
    String value = annotations(svc).get(ANNOTATION);
    if (value == null) {
      return null;
    }
    try {
      return InterceptedSpec.fromAnnotation(value).run();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The ledger occurrence of a Service's interception. */
  public static String occurrence(String service) {
    return ACTION + ":" + service;
  }

  private static Map<Integer, String> proxyNames(
      String ref, List<ServicePort> ports, Map<Integer, String> names, String onlyPort) {
    String problem = InterceptionRules.portProblem(ref, ports, names, onlyPort);
    if (problem != null) {
      throw new IllegalStateException(problem);
    }
    List<Integer> numbers = ports.stream().map(ServicePort::getPort).toList();
    Map<Integer, String> out = new LinkedHashMap<>();
    String service = ref.substring(ref.indexOf('/') + 1);
    for (Integer port : numbers) {
      String name =
          onlyPort != null ? onlyPort : names.getOrDefault(port, service + "-port-" + port);
      if (out.containsValue(name)) {
        throw new IllegalStateException(
            "proxy name " + name + " is taken twice for Service " + ref + "; name its ports");
      }
      out.put(port, name);
    }
    return out;
  }

  private static List<ProxySpec> proxies(
      String namespace,
      String shadow,
      List<ServicePort> ports,
      Map<Integer, String> names,
      int first) {
    List<ProxySpec> out = new ArrayList<>();
    for (int i = 0; i < ports.size(); i++) {
      int port = ports.get(i).getPort();
      out.add(
          new ProxySpec(
              names.get(port),
              "0.0.0.0:" + (first + i),
              shadow + "." + namespace + ".svc:" + port));
    }
    return out;
  }

  /**
   * The shadow: the original selector and ports, as a plain ClusterIP Service, owned by the run.
   */
  private void createShadow(String namespace, String service, Service svc) {
    List<ServicePort> ports = new ArrayList<>();
    for (ServicePort p : svc.getSpec().getPorts()) {
      ports.add(new ServicePortBuilder(p).withNodePort(null).build());
    }
    ServiceBuilder shadow =
        new ServiceBuilder()
            .withNewMetadata()
            .withNamespace(namespace)
            .withName(shadowName(service))
            .addToLabels(SHADOW_OF, service)
            .endMetadata()
            .withNewSpec()
            .withType("ClusterIP")
            .withSelector(new LinkedHashMap<>(svc.getSpec().getSelector()))
            .withPorts(ports)
            .withPublishNotReadyAddresses(svc.getSpec().getPublishNotReadyAddresses())
            .endSpec();
    if (run.owner() != null) {
      shadow.editMetadata().addToOwnerReferences(run.owner()).endMetadata();
    }
    client
        .services()
        .inNamespace(namespace)
        .resource(shadow.build())
        .createOr(NonDeletingOperation::update);
  }

  static Map<String, String> annotations(Service svc) {
    Map<String, String> a = svc.getMetadata().getAnnotations();
    return a == null ? Map.of() : a;
  }
}
