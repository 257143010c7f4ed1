package dev.firedrill.engine.fault.toxiproxy;

import dev.firedrill.engine.fault.FaultDriver;
import dev.firedrill.engine.fault.LedgerEntry;
import dev.firedrill.engine.model.Bandwidth;
import dev.firedrill.engine.model.DataLimit;
import dev.firedrill.engine.model.Direction;
import dev.firedrill.engine.model.DurationText;
import dev.firedrill.engine.model.Latency;
import dev.firedrill.engine.model.NetworkFault;
import dev.firedrill.engine.model.Partition;
import dev.firedrill.engine.model.ProxySpec;
import dev.firedrill.engine.model.ResetPeer;
import dev.firedrill.engine.model.SlowClose;
import dev.firedrill.engine.model.TimeoutFault;
import dev.firedrill.engine.plan.PlannedFault;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.Toxic;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Injects and heals the network faults of a drill on Toxiproxy links (proxies, by name), via the
 * official Java client, against Firedrill's embedded server or a real Toxiproxy alike.
 *
 * <p>Contract: every call has a timeout. Each fault occurrence gets toxics of its own, named {@code
 * firedrill-<fault>-<n>-<kind>-<stream>} (e.g. {@code firedrill-slow-0-latency-downstream}), so two
 * overlapping faults on one proxy and stream each have their own toxic (Toxiproxy chains them) and
 * their own heal. The ledger entry of a fault names its toxics, so any process heals it from the
 * entry alone ({@link #heal(LedgerEntry)}). A partition is the proxy disabled ({@code PATCH
 * enabled=false}), an exclusive resource: the ledger releases it only when the last overlapping
 * partition heals. Heals are idempotent: healing twice, healing what was never injected, or healing
 * on a proxy that no longer exists all succeed.
 */
public final class ToxiproxyDriver implements FaultDriver, AutoCloseable {

  /** The driver kind in ledger entries. */
  public static final String KIND = "toxiproxy";

  /** Every toxic Firedrill creates starts with this, so leftovers are found by name. */
  public static final String TOXIC_PREFIX = "firedrill-";

  /** The timeout of every call unless told otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  private final URI url;
  private final ToxiproxyClient client;
  private final ToxiproxyHttp http;
  private final TimedCalls calls;
  private final boolean tokened;

  private ToxiproxyDriver(URI url, Duration timeout, String token) {
    int port = url.getPort() > 0 ? url.getPort() : 8474;
    this.url = URI.create(url.getScheme() + "://" + url.getHost() + ":" + port);
    this.client = new ToxiproxyClient(url.getScheme(), url.getHost(), port);
    this.http = new ToxiproxyHttp(this.url, timeout, token);
    this.calls = new TimedCalls(timeout);
    this.tokened = token != null;
    if (tokened) {
      ApiTokens.register(this.url.getHost(), port, token);
    }
  }

  /** A driver for the Toxiproxy API at {@code url} (e.g. {@code http://127.0.0.1:8474}). */
  public static ToxiproxyDriver connect(URI url, Duration timeout) {
    return connect(url, timeout, null);
  }

  /**
   * A driver for the Toxiproxy API at {@code url} that needs {@code token} (Firedrill's embedded
   * proxy started with {@code --token}); null for an API without one. The token is sent to that API
   * only, as {@code Authorization: Bearer} or as the answer to its 401 ({@link ApiTokens}); it is
   * in neither {@link #url()} nor the ledger entries.
   *
   * @throws IllegalArgumentException when {@code url} is not an http(s) URL with a host, or the
   *     token is empty
   */
  public static ToxiproxyDriver connect(URI url, Duration timeout, String token) {
    if (token != null && token.isEmpty()) {
      throw new IllegalArgumentException("the Toxiproxy API token must not be empty");
    }
    if (url.getHost() == null
        || url.getScheme() == null
        || !(url.getScheme().equals("http") || url.getScheme().equals("https"))) {
      throw new IllegalArgumentException("not a Toxiproxy URL: " + url);
    }
    return new ToxiproxyDriver(url, timeout, token);
  }

  /** The API URL, normalised ({@code scheme://host:port}). */
  public URI url() {
    return url;
  }

  /**
   * Creates or updates the proxies before a run ({@code POST /populate}: missing ones are created,
   * ones with other addresses replaced), then enables each ({@code PATCH}: populate, like
   * Toxiproxy's, leaves an existing proxy's {@code enabled} alone, so a partition a crashed run
   * left would stay) and removes the toxics a crashed earlier run left on them ({@value
   * #TOXIC_PREFIX}...), so a run never starts with an old fault in effect.
   */
  public void ensureProxies(List<ProxySpec> proxies) throws ToxiproxyException {
    List<Map<String, Object>> body = new ArrayList<>();
    for (ProxySpec spec : proxies) {
      Map<String, Object> proxy = new LinkedHashMap<>();
      proxy.put("name", spec.name());
      proxy.put("listen", spec.listen());
      proxy.put("upstream", spec.upstream());
      proxy.put("enabled", true);
      body.add(proxy);
    }
    http.populate(body);
    for (ProxySpec spec : proxies) {
      http.setEnabled(spec.name(), true);
    }
    List<String> names = proxies.stream().map(ProxySpec::name).toList();
    for (Proxy link : calls.call("GET /proxies", client::getProxies)) {
      if (names.contains(link.getName())) {
        removeToxics(link, name -> name.startsWith(TOXIC_PREFIX));
      }
    }
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public boolean handles(PlannedFault fault) {
    return fault.action() instanceof NetworkFault
        && !(fault.action() instanceof Partition p && p.isBetween());
  }

  /** One entry per target proxy, naming the toxics (or the enabled flag) to undo. */
  @Override
  public List<LedgerEntry> prepare(PlannedFault fault) {
    NetworkFault action = network(fault);
    List<LedgerEntry> entries = new ArrayList<>();
    for (String proxy : fault.targets()) {
      Map<String, String> undo = new LinkedHashMap<>();
      undo.put("url", url.toString());
      undo.put("proxy", proxy);
      String exclusive = null;
      if (action instanceof Partition) {
        undo.put("enabled", "true");
        exclusive = KIND + " " + url + " proxy " + proxy + " enabled";
      } else {
        List<String> names = new ArrayList<>();
        for (ToxicDirection stream : streams(action.stream())) {
          names.add(toxicName(fault.id(), action, stream));
        }
        undo.put("toxics", String.join(",", names));
      }
      entries.add(LedgerEntry.planned(fault.id(), action.kind(), KIND, proxy, undo, exclusive));
    }
    return entries;
  }

  @Override
  public String inject(PlannedFault fault, LedgerEntry target) throws ToxiproxyException {
    NetworkFault action = network(fault);
    String proxy = target.target();
    if (action instanceof Partition) {
      setEnabled(proxy, false);
      return "proxy " + proxy + " disabled";
    }
    addToxics(proxy, action, toxicNames(target));
    return "proxy " + proxy + " toxics " + String.join(", ", toxicNames(target));
  }

  /** Undoes the entry on this driver's server: the proxy enabled again, or its toxics removed. */
  @Override
  public void heal(LedgerEntry entry) throws ToxiproxyException {
    String proxy = entry.undo().getOrDefault("proxy", entry.target());
    if ("true".equals(entry.undo().get("enabled"))) {
      http.setEnabled(proxy, true); // a proxy that is gone is healed
      return;
    }
    // Not getProxyOrNull: it also answers null when the server is unreachable.
    List<Proxy> all = calls.call("GET /proxies", client::getProxies);
    Proxy link = all.stream().filter(p -> p.getName().equals(proxy)).findFirst().orElse(null);
    if (link == null) {
      return; // nothing left to heal on a proxy that is gone
    }
    List<String> names = toxicNames(entry);
    removeToxics(link, names::contains);
  }

  /**
   * Enables or disables {@code proxy}.
   *
   * @throws ToxiproxyException when the proxy does not exist and {@code enabled} is false
   */
  public void setEnabled(String proxy, boolean enabled) throws ToxiproxyException {
    if (!http.setEnabled(proxy, enabled) && !enabled) {
      throw new ToxiproxyException("proxy not found: " + proxy);
    }
  }

  /**
   * Adds {@code fault}'s toxic on {@code proxy} once per name, the i-th name on the i-th stream of
   * {@link #streams}; a same-named toxic left behind is replaced.
   */
  public void addToxics(String proxy, NetworkFault fault, List<String> names)
      throws ToxiproxyException {
    Proxy link = calls.call("GET /proxies/" + proxy, () -> client.getProxy(proxy));
    List<ToxicDirection> streams = streams(fault.stream());
    removeToxics(link, names::contains);
    for (int i = 0; i < streams.size(); i++) {
      String name = names.get(i);
      ToxicDirection stream = streams.get(i);
      Toxic toxic = calls.call("create toxic " + name, () -> create(link, name, stream, fault));
      float toxicity = fault.toxicity().floatValue();
      if (toxicity != 1f) {
        calls.call("set toxicity of " + name, () -> setToxicity(toxic, toxicity));
      }
    }
  }

  /** Removes the named toxics from {@code proxy}; absent ones, or an absent proxy, are fine. */
  public void removeToxics(String proxy, Collection<String> names) throws ToxiproxyException {
    List<Proxy> all = calls.call("GET /proxies", client::getProxies);
    for (Proxy link : all) {
      if (link.getName().equals(proxy)) {
        removeToxics(link, names::contains);
      }
    }
  }

  private static List<String> toxicNames(LedgerEntry entry) {
    String names = entry.undo().getOrDefault("toxics", "");
    return names.isEmpty() ? List.of() : Arrays.asList(names.split(","));
  }

  private static NetworkFault network(PlannedFault fault) {
    if (fault.action() instanceof NetworkFault network) {
      return network;
    }
    throw new IllegalArgumentException("not a network fault: " + fault.action().kind());
  }

  /**
   * The name of an occurrence's toxic on one stream, e.g. {@code
   * firedrill-slow-0-latency-upstream}.
   */
  public static String toxicName(String occurrence, NetworkFault fault, ToxicDirection stream) {
    return TOXIC_PREFIX
        + occurrence.replace('#', '-')
        + "-"
        + fault.kind()
        + "-"
        + stream.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public void close() {
    calls.close();
    if (tokened) {
      ApiTokens.release(url.getHost(), url.getPort());
    }
  }

  private void removeToxics(Proxy link, java.util.function.Predicate<String> which)
      throws ToxiproxyException {
    String what = "GET /proxies/" + link.getName() + "/toxics";
    List<? extends Toxic> present = calls.call(what, () -> link.toxics().getAll());
    for (Toxic toxic : present) {
      if (which.test(toxic.getName())) {
        calls.call("DELETE toxic " + toxic.getName(), () -> remove(toxic));
      }
    }
  }

  private static Void remove(Toxic toxic) throws java.io.IOException {
    toxic.remove();
    return null;
  }

  private static Void setToxicity(Toxic toxic, float toxicity) throws java.io.IOException {
    toxic.setToxicity(toxicity);
    return null;
  }

  private static Toxic create(Proxy link, String name, ToxicDirection stream, NetworkFault fault)
      throws java.io.IOException {
    var toxics = link.toxics();
    return switch (fault) {
      case Latency l -> {
        var toxic = toxics.latency(name, stream, millis(l.latency()));
        long jitter = l.jitter() == null ? 0 : millis(l.jitter());
        yield jitter == 0 ? toxic : toxic.setJitter(jitter);
      }
      case Bandwidth b -> toxics.bandwidth(name, stream, b.rate());
      case SlowClose s -> toxics.slowClose(name, stream, millis(s.delay()));
      case ResetPeer r -> toxics.resetPeer(name, stream, millisOrZero(r.timeout()));
      case TimeoutFault t -> toxics.timeout(name, stream, millisOrZero(t.timeout()));
      case DataLimit d -> toxics.limitData(name, stream, d.bytes());
      case Partition p -> throw new IllegalStateException("a partition is not a toxic");
    };
  }

  private static List<ToxicDirection> streams(Direction direction) {
    return switch (direction) {
      case UPSTREAM -> List.of(ToxicDirection.UPSTREAM);
      case DOWNSTREAM -> List.of(ToxicDirection.DOWNSTREAM);
      case BOTH -> List.of(ToxicDirection.UPSTREAM, ToxicDirection.DOWNSTREAM);
    };
  }

  private static long millis(String duration) {
    return DurationText.parse(duration).toMillis();
  }

  private static long millisOrZero(String duration) {
    return duration == null ? 0 : millis(duration);
  }
}
