package dev.firedrill.engine.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import java.util.List;

/** The Toxiproxy server and the links it proxies. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ToxiproxySpec(
    @JsonPropertyDescription(
            "Toxiproxy API URL, e.g. http://toxiproxy.shop:8474. Omit it to run Firedrill's"
                + " embedded proxy (local runs).")
        @Pattern("^https?://.+")
        String url,
    @JsonPropertyDescription(
            "Proxies ensured before the run: a service reaches its dependency through `listen`,"
                + " and network faults act on that link.")
        List<ProxySpec> proxies) {

  public ToxiproxySpec {
    proxies = proxies == null ? List.of() : List.copyOf(proxies);
  }
}
