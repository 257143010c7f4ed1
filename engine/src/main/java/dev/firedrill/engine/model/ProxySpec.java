package dev.firedrill.engine.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** One network link: clients connect to {@code listen}, the proxy forwards to {@code upstream}. */
public record ProxySpec(
    @JsonPropertyDescription("Proxy name, referenced by network faults.")
        @Required
        @Pattern(Names.PATTERN)
        String name,
    @JsonPropertyDescription("host:port the proxy listens on, e.g. 127.0.0.1:28081.")
        @Required
        @Pattern(ProxySpec.HOST_PORT)
        String listen,
    @JsonPropertyDescription("host:port of the real service, e.g. payments:8080.")
        @Required
        @Pattern(ProxySpec.HOST_PORT)
        String upstream) {

  /** host:port, host a name, IPv4 address or bracketed IPv6 address. */
  public static final String HOST_PORT = "^(\\[[0-9a-fA-F:.]+\\]|[A-Za-z0-9.-]+):[0-9]{1,5}$";
}
