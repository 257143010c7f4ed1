package dev.firedrill.engine.run;

import dev.firedrill.engine.fault.FaultDriver;
import dev.firedrill.engine.model.ToxiproxySpec;

/**
 * Prepares the network links of a run: ensures the drill's proxies (on a Toxiproxy server, or an
 * embedded one it starts) and returns the driver for network faults. Closing it removes what it set
 * up.
 */
public interface NetworkSetup {

  /** The network of one run. */
  interface Network extends AutoCloseable {
    FaultDriver driver();

    @Override
    void close();
  }

  Network open(ToxiproxySpec spec) throws Exception;
}
