package dev.firedrill.engine.fault.toxiproxy;

import dev.firedrill.engine.fault.FaultDriver;
import dev.firedrill.engine.model.Bandwidth;
import dev.firedrill.engine.model.DataLimit;
import dev.firedrill.engine.model.Direction;
import dev.firedrill.engine.model.DurationText;
import dev.firedrill.engine.model.FaultAction;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Injects and heals the network faults of a drill on one Toxiproxy link (a proxy, by name), via the
 * official Java client, against Firedrill's embedded server or a real Toxiproxy alike.
 *
 * <p>Contract: every call has a timeout. A toxic is named {@code firedrill-<kind>-<stream>} (e.g.
 * {@code firedrill-latency-downstream}), so a crashed run is healed by name. {@link #inject(String,
 * NetworkFault)} replaces a same-named toxic left behind; {@link #heal(String, NetworkFault)} is
 * idempotent: healing twice, healing a fault never injected, or healing on a proxy that no longer
 * exists all succeed. A partition is the proxy disabled ({@code PATCH enabled=false}) and healed by
 * enabling it. As the engine's {@link FaultDriver}, a planned fault acts on each of its target
 * proxies.
 */
public final class ToxiproxyDriver implements FaultDriver, AutoCloseable {

  /** The timeout of every call unless told otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  private final ToxiproxyClient client;
  private final ToxiproxyHttp http;
  private final TimedCalls calls;

  private ToxiproxyDriver(URI url, Duration timeout) {
    int port = url.getPort() > 0 ? url.getPort() : 8474;
    this.client = new ToxiproxyClient(url.getScheme(), url.getHost(), port);
    this.http =
        new ToxiproxyHttp(
            URI.create(url.getScheme() + "://" + url.getHost() + ":" + port), timeout);
    this.calls = new TimedCalls(timeout);
  }

  /** A driver for the Toxiproxy API at {@code url} (e.g. {@code http://127.0.0.1:8474}). */
  public static ToxiproxyDriver connect(URI url, Duration timeout) {
    if (url.getHost() == null
        || !(url.getScheme().equals("http") || url.getScheme().equals("https"))) {
      throw new IllegalArgumentException("not a Toxiproxy URL: " + url);
    }
    return new ToxiproxyDriver(url, timeout);
  }

  /**
   * Creates or updates the proxies before a run ({@code POST /populate}): missing ones are created,
   * ones with other addresses replaced, and every one is enabled.
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
  }

  @Override
  public boolean handles(FaultAction action) {
    return action instanceof NetworkFault;
  }

  /** Injects a planned network fault on each of its target proxies, in order. */
  @Override
  public String inject(PlannedFault fault) throws ToxiproxyException {
    NetworkFault action = network(fault);
    for (String proxy : fault.targets()) {
      inject(proxy, action);
    }
    return "proxies " + String.join(", ", fault.targets());
  }

  /** Heals a planned network fault on every target, even when one of them fails first. */
  @Override
  public void heal(PlannedFault fault) throws ToxiproxyException {
    NetworkFault action = network(fault);
    ToxiproxyException first = null;
    for (String proxy : fault.targets()) {
      try {
        heal(proxy, action);
      } catch (ToxiproxyException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /** Injects {@code fault} on the proxy named {@code proxy}. */
  public void inject(String proxy, NetworkFault fault) throws ToxiproxyException {
    if (fault instanceof Partition) {
      if (!http.setEnabled(proxy, false)) {
        throw new ToxiproxyException("proxy not found: " + proxy);
      }
      return;
    }
    Proxy link = calls.call("GET /proxies/" + proxy, () -> client.getProxy(proxy));
    for (ToxicDirection stream : streams(fault.stream())) {
      String name = toxicName(fault, stream);
      removeToxics(link, List.of(name));
      Toxic toxic = calls.call("create toxic " + name, () -> create(link, name, stream, fault));
      float toxicity = fault.toxicity().floatValue();
      if (toxicity != 1f) {
        calls.call("set toxicity of " + name, () -> setToxicity(toxic, toxicity));
      }
    }
  }

  /** Heals {@code fault} on {@code proxy}; idempotent (see the class contract). */
  public void heal(String proxy, NetworkFault fault) throws ToxiproxyException {
    if (fault instanceof Partition) {
      http.setEnabled(proxy, true);
      return;
    }
    // Not getProxyOrNull: it also answers null when the server is unreachable.
    List<Proxy> all = calls.call("GET /proxies", client::getProxies);
    Proxy link = all.stream().filter(p -> p.getName().equals(proxy)).findFirst().orElse(null);
    if (link == null) {
      return; // nothing left to heal on a proxy that is gone
    }
    // Both streams, whatever the fault says: a crashed run may have injected either.
    removeToxics(
        link,
        List.of(
            toxicName(fault, ToxicDirection.UPSTREAM),
            toxicName(fault, ToxicDirection.DOWNSTREAM)));
  }

  private static NetworkFault network(PlannedFault fault) {
    if (fault.action() instanceof NetworkFault network) {
      return network;
    }
    throw new IllegalArgumentException("not a network fault: " + fault.action().kind());
  }

  /** The deterministic toxic name of a fault on one stream. */
  public static String toxicName(NetworkFault fault, ToxicDirection stream) {
    return "firedrill-" + fault.kind() + "-" + stream.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public void close() {
    calls.close();
  }

  private void removeToxics(Proxy link, List<String> names) throws ToxiproxyException {
    String what = "GET /proxies/" + link.getName() + "/toxics";
    List<? extends Toxic> present = calls.call(what, () -> link.toxics().getAll());
    for (Toxic toxic : present) {
      if (names.contains(toxic.getName())) {
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
