package dev.firedrill.operator.run;

import dev.firedrill.cluster.fault.InterceptionRules;
import dev.firedrill.cluster.fault.ServiceHealer;
import dev.firedrill.cluster.fault.ServiceInterception;
import dev.firedrill.cluster.status.StatusLedger;
import dev.firedrill.cluster.status.StatusUpdater;
import dev.firedrill.engine.fault.LedgerEntry;
import dev.firedrill.engine.fault.toxiproxy.ToxiproxyDriver;
import dev.firedrill.engine.model.DrillSpec;
import dev.firedrill.engine.model.ProxySpec;
import dev.firedrill.engine.model.RunPhase;
import dev.firedrill.operator.api.v1alpha1.DrillRun;
import dev.firedrill.operator.api.v1alpha1.DrillRunStatus;
import dev.firedrill.operator.config.OperatorConfig;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.URI;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The operator's hands for Service interception ({@link InterceptionHandler} decides): it observes
 * a Pending run's Services and Toxiproxy, deploys the run's Toxiproxy ({@link RunToxiproxy}),
 * intercepts the drill's Services through {@link ServiceInterception} with the ledger in the run's
 * status (each entry written before its Service changes, each Service's proxies open before it
 * points at them), and tears the Toxiproxy down when the run ends, after the heal has restored the
 * Services.
 */
final class RunInterception {

  private final KubernetesClient client;
  private final OperatorConfig config;
  private final InstantSource clock;
  private final StatusUpdater updater;

  RunInterception(KubernetesClient client, OperatorConfig config, InstantSource clock) {
    this.client = client;
    this.config = config;
    this.clock = clock;
    this.updater = new StatusUpdater(client);
  }

  /** The drill's target namespace: where its Services and the run's Toxiproxy live. */
  static String namespace(DrillRun run, DrillSpec spec) {
    return spec.target().namespace() != null
        ? spec.target().namespace()
        : run.getMetadata().getNamespace();
  }

  /** True when the drill names Services to intercept. */
  static boolean intercepts(DrillSpec spec) {
    return spec != null
        && spec.toxiproxy() != null
        && spec.toxiproxy().proxies().stream().anyMatch(ProxySpec::intercepts);
  }

  /**
   * What a Pending run's interception looks like now, or null when there is none to do: not
   * Pending, no snapshot yet, no Service in the drill, or intercepted already.
   */
  InterceptionView observe(DrillRun run, DrillRunStatus status) {
    DrillSpec spec = status.snapshot();
    if (status.phase() != RunPhase.PENDING || status.toxiproxyUrl() != null || !intercepts(spec)) {
      return null;
    }
    String ns = namespace(run, spec);
    String self = self(run);
    Map<String, Service> services = new LinkedHashMap<>();
    Set<String> live = new HashSet<>();
    for (String name : InterceptionRules.services(spec.toxiproxy().proxies())) {
      Service svc = client.services().inNamespace(ns).withName(name).get();
      if (svc == null) {
        continue;
      }
      services.put(name, svc);
      String holder = ServiceInterception.interceptedBy(svc);
      if (holder != null && !holder.equals(self) && live(holder)) {
        live.add(holder);
      }
    }
    String name = RunToxiproxy.name(run, ns);
    Deployment deployment = client.apps().deployments().inNamespace(ns).withName(name).get();
    Service toxiproxy = client.services().inNamespace(ns).withName(name).get();
    return new InterceptionView(
        ns, spec.toxiproxy().proxies(), services, live, deployment, toxiproxy);
  }

  /**
   * Creates the run's token Secrets (when its Toxiproxy asks for a token: {@link
   * RunToxiproxyToken}), its Toxiproxy Service, then its Deployment; those that exist are left
   * alone, so a retried deploy keeps the token the first one made.
   */
  void deploy(DrillRun run) {
    String ns = namespace(run, run.getStatus().snapshot());
    if (RunToxiproxyToken.needed(config)) {
      createIfAbsent(RunToxiproxyToken.secret(run, ns, RunToxiproxyToken.generate()));
      String token = token(run, ns);
      if (token == null) {
        throw new IllegalStateException(
            "the run's Toxiproxy token Secret "
                + ns
                + "/"
                + RunToxiproxy.name(run, ns)
                + " is empty");
      }
      // The runner Job's copy, in its namespace (a secretKeyRef cannot cross namespaces).
      createIfAbsent(RunToxiproxyToken.secret(run, config.namespace(), token));
    }
    createIfAbsent(RunToxiproxy.service(run, ns));
    createIfAbsent(RunToxiproxy.deployment(run, ns, config));
  }

  /**
   * The tokens to heal a run's ledger with: its own Toxiproxy's, by URL as its entries name it;
   * none when the run has no Toxiproxy of its own or it asks for no token. When the token is needed
   * and its Secret is gone, {@code missing} says so (the heal is then tried without it).
   */
  record Tokens(Map<String, String> byUrl, String missing) {
    static final Tokens NONE = new Tokens(Map.of(), null);
  }

  /** The run's {@link Tokens}, read from its token Secret in the target namespace. */
  Tokens tokens(DrillRun run) {
    DrillRunStatus status = run.getStatus();
    if (status == null
        || status.toxiproxyUrl() == null
        || !intercepts(status.snapshot())
        || !RunToxiproxyToken.needed(config)) {
      return Tokens.NONE;
    }
    String ns = namespace(run, status.snapshot());
    String token = token(run, ns);
    if (token != null) {
      return new Tokens(Map.of(normalised(status.toxiproxyUrl()), token), null);
    }
    return new Tokens(
        Map.of(),
        "the token Secret "
            + ns
            + "/"
            + RunToxiproxy.name(run, ns)
            + " of the run's Toxiproxy is gone: healing its faults without the token (the API"
            + " refuses that if the proxy still runs; check its ledger entries in the status)");
  }

  /** The token in the run's Secret of {@code namespace}, or null when there is none. */
  private String token(DrillRun run, String namespace) {
    return RunToxiproxyToken.token(
        client.secrets().inNamespace(namespace).withName(RunToxiproxy.name(run, namespace)).get());
  }

  /**
   * Intercepts the drill's Services through the run's Toxiproxy at {@code url}: first restores each
   * Service an interception annotation gives to a run that is no longer under way (a crash left
   * it), then intercepts them all. Returns the Services restored that way.
   *
   * @throws Exception when a Service cannot be intercepted (it changed since it was checked), the
   *     ledger refuses the entry, or the Toxiproxy does not take the proxies
   */
  List<String> intercept(DrillRun run, String url) throws Exception {
    DrillSpec spec = run.getStatus().snapshot();
    String ns = namespace(run, spec);
    String self = self(run);
    List<ProxySpec> proxies = spec.toxiproxy().proxies();
    List<String> restored = new ArrayList<>();
    ServiceHealer healer = new ServiceHealer(client);
    for (String name : InterceptionRules.services(proxies)) {
      Service svc = client.services().inNamespace(ns).withName(name).get();
      String holder = svc == null ? null : ServiceInterception.interceptedBy(svc);
      if (holder != null && !holder.equals(self) && !live(holder) && healer.restore(ns, name)) {
        restored.add(ns + "/" + name + " (left by " + holder + ")");
      }
    }
    ServiceInterception.Run intercepting =
        new ServiceInterception.Run(
            self,
            RunToxiproxy.owner(run, ns),
            RunToxiproxy.podLabels(run),
            ServiceInterception.FIRST_LISTEN_PORT);
    StatusLedger ledger =
        new StatusLedger(updater, run.getMetadata().getNamespace(), run.getMetadata().getName());
    String token = null;
    if (RunToxiproxyToken.needed(config)) {
      token = token(run, ns);
      if (token == null) {
        throw new IllegalStateException(
            "the token Secret "
                + ns
                + "/"
                + RunToxiproxy.name(run, ns)
                + " of the run's Toxiproxy is gone (fix: run the drill again)");
      }
    }
    try (ToxiproxyDriver driver =
        ToxiproxyDriver.connect(URI.create(url), ToxiproxyDriver.DEFAULT_TIMEOUT, token)) {
      new ServiceInterception(client, ledger, clock, intercepting, driver::ensureProxies)
          .interceptAll(ns, proxies);
    }
    return restored;
  }

  /**
   * Ends the interception of a run whose ledger was just healed: deletes the run's Toxiproxy
   * (Deployment, then Service, then its token Secrets) and any shadow Service left of a Service
   * that is no longer intercepted — unless an interception of the run is still in effect ({@code
   * left} holds a Service entry: that Service still routes through the Toxiproxy, so it stays until
   * a later heal restores it). Toxiproxy entries against the run's own Toxiproxy that are still in
   * effect went with it: they are recorded healed. Returns the entries still in effect.
   */
  List<LedgerEntry> tearDown(DrillRun run, List<LedgerEntry> left) {
    DrillRunStatus status = run.getStatus();
    if (status == null || !intercepts(status.snapshot())) {
      return left;
    }
    if (left.stream().anyMatch(e -> ServiceInterception.KIND.equals(e.driver()))) {
      return left;
    }
    String ns = namespace(run, status.snapshot());
    String name = RunToxiproxy.name(run, ns);
    deleteIfOurs(client.apps().deployments().inNamespace(ns).withName(name).get(), run);
    deleteIfOurs(client.services().inNamespace(ns).withName(name).get(), run);
    deleteIfOurs(client.secrets().inNamespace(ns).withName(name).get(), run);
    String runner = RunToxiproxy.name(run, config.namespace());
    deleteIfOurs(client.secrets().inNamespace(config.namespace()).withName(runner).get(), run);
    for (String service : InterceptionRules.services(status.snapshot().toxiproxy().proxies())) {
      deleteOrphanShadow(ns, service);
    }
    return forgetEntriesOn(run, status.toxiproxyUrl(), left);
  }

  /** A shadow whose Service is not intercepted (by anyone) has nothing left to stand for. */
  private void deleteOrphanShadow(String ns, String service) {
    String shadowName = ServiceInterception.shadowName(service);
    Service shadow = client.services().inNamespace(ns).withName(shadowName).get();
    if (shadow == null
        || shadow.getMetadata().getLabels() == null
        || !service.equals(shadow.getMetadata().getLabels().get(ServiceInterception.SHADOW_OF))) {
      return;
    }
    Service svc = client.services().inNamespace(ns).withName(service).get();
    if (svc == null || ServiceInterception.interceptedBy(svc) == null) {
      client.services().inNamespace(ns).withName(shadowName).delete();
    }
  }

  private List<LedgerEntry> forgetEntriesOn(DrillRun run, String url, List<LedgerEntry> left) {
    if (url == null) {
      return left;
    }
    String own = normalised(url);
    StatusLedger ledger =
        new StatusLedger(updater, run.getMetadata().getNamespace(), run.getMetadata().getName());
    List<LedgerEntry> still = new ArrayList<>();
    for (LedgerEntry e : left) {
      if (ToxiproxyDriver.KIND.equals(e.driver()) && own.equals(normalised(e.undo().get("url")))) {
        // Its proxy went with the run's Toxiproxy, after the Services stopped routing through it.
        ledger.update(
            e.with(
                LedgerEntry.State.HEALED, e.injectedAt(), clock.instant().toString(), e.error()));
      } else {
        still.add(e);
      }
    }
    return still;
  }

  /** A Toxiproxy URL as {@code scheme://host:port} (port 8474 when it names none). */
  private static String normalised(String url) {
    if (url == null) {
      return null;
    }
    try {
      URI u = URI.create(url);
      int port = u.getPort() > 0 ? u.getPort() : RunToxiproxy.API_PORT;
      return u.getScheme() + "://" + u.getHost() + ":" + port;
    } catch (IllegalArgumentException e) {
      return url;
    }
  }

  /** True when the run {@code namespace/name} exists and has not ended. */
  private boolean live(String ref) {
    int slash = ref.indexOf('/');
    if (slash <= 0) {
      return false;
    }
    DrillRun other =
        client
            .resources(DrillRun.class)
            .inNamespace(ref.substring(0, slash))
            .withName(ref.substring(slash + 1))
            .get();
    return other != null && (other.getStatus() == null || !other.getStatus().terminal());
  }

  private void createIfAbsent(HasMetadata object) {
    try {
      client.resource(object).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
  }

  private void deleteIfOurs(HasMetadata object, DrillRun run) {
    if (object != null && RunToxiproxy.ours(object.getMetadata().getLabels(), run)) {
      client.resource(object).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
    }
  }

  private static String self(DrillRun run) {
    return run.getMetadata().getNamespace() + "/" + run.getMetadata().getName();
  }
}
