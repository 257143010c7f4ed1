package dev.firedrill.engine.model;

import java.util.List;

/** A fault that acts on Toxiproxy links: one toxic (or a disabled proxy) per listed proxy. */
public sealed interface NetworkFault extends FaultAction
    permits Partition, Latency, Bandwidth, SlowClose, ResetPeer, TimeoutFault, DataLimit {

  /** Names of the proxies (in {@code spec.toxiproxy.proxies}) the fault acts on. */
  List<String> proxies();

  /** Direction of the traffic affected; a partition cuts both. */
  Direction stream();

  /** Probability, decided per connection, that the fault applies; 1 means always. */
  Double toxicity();
}
