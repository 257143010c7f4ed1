package dev.firedrill.engine.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/**
 * One network link, in one of two forms. Either clients connect to {@code listen} and the proxy
 * forwards to {@code upstream} (local runs, or a Toxiproxy the drill names), or {@code service}
 * names a Kubernetes Service of the target's namespace that a cluster run routes through a
 * Toxiproxy for its length (Service interception: no sidecar, no privileges), {@code port} saying
 * which of its ports this link is.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ProxySpec(
    @JsonPropertyDescription("Proxy name, referenced by network faults.")
        @Required
        @Pattern(Names.PATTERN)
        String name,
    @JsonPropertyDescription(
            "host:port the proxy listens on, e.g. 127.0.0.1:28081. With upstream; not with"
                + " service.")
        @Pattern(ProxySpec.HOST_PORT)
        String listen,
    @JsonPropertyDescription(
            "host:port of the real service, e.g. payments:8080. With listen; not with service.")
        @Pattern(ProxySpec.HOST_PORT)
        String upstream,
    @JsonPropertyDescription(
            "Cluster runs: a Service of the target's namespace to route through Toxiproxy for the"
                + " run's length, restored byte for byte after. Instead of listen and upstream.")
        @Pattern(ProxySpec.SERVICE_NAME)
        String service,
    @JsonPropertyDescription(
            "With service: which of its ports (spec.ports[].port) this link is. Optional when the"
                + " Service has one port.")
        @Min(1)
        @Max(65535)
        Integer port) {

  /** host:port, host a name, IPv4 address or bracketed IPv6 address. */
  public static final String HOST_PORT = "^(\\[[0-9a-fA-F:.]+\\]|[A-Za-z0-9.-]+):[0-9]{1,5}$";

  /** A Service name: a DNS-1035 label. */
  public static final String SERVICE_NAME = "^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$";

  /** A listen + upstream link. */
  public ProxySpec(String name, String listen, String upstream) {
    this(name, listen, upstream, null, null);
  }

  /** True when the link is a Kubernetes Service to intercept. */
  public boolean intercepts() {
    return service != null;
  }
}
