package dev.firedrill.engine.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/**
 * Cuts the links: the proxy refuses new connections and closes open ones (Toxiproxy's {@code
 * enabled: false}). A partition is total: both directions, every connection.
 */
public record Partition(
    @JsonPropertyDescription("Proxies (by name in spec.toxiproxy.proxies) to cut.")
        @Required
        @Size(min = 1)
        List<String> proxies)
    implements NetworkFault {

  public Partition {
    proxies = proxies == null ? List.of() : List.copyOf(proxies);
  }

  @Override
  public Direction stream() {
    return Direction.BOTH;
  }

  @Override
  public Double toxicity() {
    return 1.0;
  }

  @Override
  public String kind() {
    return "partition";
  }
}
