package dev.firedrill.cluster.fault.network;

import dev.firedrill.engine.fault.FaultDriver;
import dev.firedrill.engine.fault.toxiproxy.ToxiproxyDriver;
import dev.firedrill.engine.model.ProxySpec;
import dev.firedrill.engine.model.ToxiproxySpec;
import dev.firedrill.engine.run.RunContext;
import dev.firedrill.engine.run.Setup;
import java.net.URI;
import java.util.List;

/**
 * The network links of a cluster run, on the Toxiproxy at {@code url} (the run's own, which the
 * operator deployed and filled with the proxies of the Services it intercepted, or the drill's
 * {@code toxiproxy.url}): the drill's listen + upstream proxies are ensured here, its Service
 * proxies are expected to exist already (their listen ports are the operator's), and every network
 * fault reports the traffic its link saw ({@link MeteredToxiproxyDriver}).
 */
public final class ClusterToxiproxySetup implements Setup {

  private final URI url;
  private final List<String> serviceProxies;
  private final String token;

  /**
   * @param url the Toxiproxy API, e.g. {@code http://firedrill-weekly-1-toxiproxy.shop.svc:8474}
   * @param serviceProxies the names of the proxies the interception created (all ports of each
   *     intercepted Service)
   */
  public ClusterToxiproxySetup(URI url, List<String> serviceProxies) {
    this(url, serviceProxies, null);
  }

  /**
   * @param token the token of the API at {@code url} (the run's own embedded proxy's, from the
   *     runner's environment), or null when it asks for none
   */
  public ClusterToxiproxySetup(URI url, List<String> serviceProxies, String token) {
    this.url = url;
    this.serviceProxies = List.copyOf(serviceProxies);
    this.token = token;
  }

  @Override
  public String describe() {
    return "Toxiproxy at " + url;
  }

  @Override
  public Active open(RunContext context) throws Exception {
    ToxiproxySpec spec = context.spec().toxiproxy();
    if (spec == null) {
      return new Active() {
        @Override
        public List<FaultDriver> drivers() {
          return List.of();
        }

        @Override
        public void close() {}
      };
    }
    ToxiproxyDriver driver = ToxiproxyDriver.connect(url, ToxiproxyDriver.DEFAULT_TIMEOUT, token);
    try {
      driver.ensureProxies(spec.proxies().stream().filter(p -> !p.intercepts()).toList());
      List<String> missing =
          spec.proxies().stream()
              .filter(ProxySpec::intercepts)
              .map(ProxySpec::name)
              .filter(n -> !serviceProxies.contains(n))
              .toList();
      if (!missing.isEmpty()) {
        throw new IllegalStateException(
            "proxies "
                + missing
                + " name Services that were not intercepted for this run; the operator"
                + " intercepts them before the run starts");
      }
    } catch (Exception e) {
      driver.close();
      throw e;
    }
    FaultDriver metered =
        new MeteredToxiproxyDriver(
            driver,
            new ProxyTraffic(URI.create(driver.url() + "/metrics"), token),
            context.signals(),
            System::nanoTime);
    return new Active() {
      @Override
      public List<FaultDriver> drivers() {
        return List.of(metered);
      }

      @Override
      public void close() {
        driver.close();
      }
    };
  }
}
