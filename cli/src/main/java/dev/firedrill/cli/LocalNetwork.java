package dev.firedrill.cli;

import dev.firedrill.engine.fault.FaultDriver;
import dev.firedrill.engine.fault.toxiproxy.ToxiproxyDriver;
import dev.firedrill.engine.model.ToxiproxySpec;
import dev.firedrill.engine.run.NetworkSetup;
import dev.firedrill.proxy.ToxiproxyServer;
import java.net.URI;

/**
 * The network of a CLI run: the drill's Toxiproxy server when it names one, else Firedrill's
 * embedded proxy on an ephemeral API port; either way the drill's proxies are ensured first.
 */
final class LocalNetwork implements NetworkSetup {

  @Override
  public Network open(ToxiproxySpec spec) throws Exception {
    ToxiproxyServer embedded = spec.url() == null ? ToxiproxyServer.start("127.0.0.1", 0) : null;
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
    return new Network() {
      @Override
      public FaultDriver driver() {
        return driver;
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
}
