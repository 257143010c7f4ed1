package dev.firedrill.engine.fault.toxiproxy;

import dev.firedrill.engine.fault.FaultDriver;
import dev.firedrill.engine.model.ProxySpec;
import dev.firedrill.engine.model.ToxiproxySpec;
import dev.firedrill.engine.run.RunContext;
import dev.firedrill.engine.run.Setup;
import dev.firedrill.proxy.ToxiproxyServer;
import java.net.URI;
import java.util.List;

/**
 * The network links of a run: the drill's Toxiproxy server when it names one ({@code
 * toxiproxy.url}), else Firedrill's embedded proxy on an ephemeral loopback API port; either way
 * the drill's proxies are ensured (and any toxic an earlier crashed run left on them removed)
 * before the rest of the run starts. A drill without {@code toxiproxy} gets no network driver. A
 * proxy naming a Kubernetes Service ({@code service}) is refused: interception needs a cluster.
 */
public final class ToxiproxySetup implements Setup {

  private final int apiPort;

  /** The embedded proxy's API on a free loopback port. */
  public ToxiproxySetup() {
    this(0);
  }

  /**
   * @param apiPort the embedded proxy's API port on loopback ({@code firedrill run --proxy-port}),
   *     0 for a free one
   */
  public ToxiproxySetup(int apiPort) {
    this.apiPort = apiPort;
  }

  @Override
  public String describe() {
    return "Toxiproxy (the drill's url, else the embedded proxy)";
  }

  @Override
  public Active open(RunContext context) throws Exception {
    ToxiproxySpec spec = context.spec().toxiproxy();
    if (spec == null) {
      return none();
    }
    for (int i = 0; i < spec.proxies().size(); i++) {
      ProxySpec p = spec.proxies().get(i);
      if (p.intercepts()) {
        throw new IllegalArgumentException(
            "toxiproxy.proxies["
                + i
                + "] ("
                + p.name()
                + ") names Service "
                + p.service()
                + ": Service interception needs a cluster run (firedrill run --cluster); on one"
                + " machine give listen and upstream instead");
      }
    }
    ToxiproxyServer embedded =
        spec.url() == null ? ToxiproxyServer.start("127.0.0.1", apiPort) : null;
    URI url =
        URI.create(spec.url() != null ? spec.url() : "http://127.0.0.1:" + embedded.apiPort());
    ToxiproxyDriver driver = ToxiproxyDriver.connect(url, ToxiproxyDriver.DEFAULT_TIMEOUT);
    try {
      driver.ensureProxies(spec.proxies());
    } catch (Exception e) {
      driver.close();
      if (embedded != null) {
        embedded.close();
      }
      throw e;
    }
    List<FaultDriver> drivers =
        embedded == null
            ? List.of(driver)
            : List.of(new GroupPartitionDriver(embedded, context.spec(), context.runDir()), driver);
    return new Active() {
      @Override
      public List<FaultDriver> drivers() {
        return drivers;
      }

      @Override
      public void close() {
        driver.close();
        if (embedded != null) {
          embedded.close();
        }
      }
    };
  }

  private static Active none() {
    return new Active() {
      @Override
      public List<FaultDriver> drivers() {
        return List.of();
      }

      @Override
      public void close() {}
    };
  }
}
