package dev.firedrill.engine.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Closes connections on the links once {@code bytes} bytes have passed. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record DataLimit(
    @JsonPropertyDescription("Proxies (by name in spec.toxiproxy.proxies) the fault acts on.")
        @Required
        @Size(min = 1)
        List<String> proxies,
    @JsonPropertyDescription("Bytes that may pass before the connection is closed.")
        @Required
        @Min(0)
        Long bytes,
    @JsonPropertyDescription("Traffic affected: upstream, downstream or both. Default downstream.")
        Direction stream,
    @JsonPropertyDescription(
            "Probability (0 to 1), decided per connection, that the fault applies. Default 1.")
        @Min(0)
        @Max(1)
        Double toxicity)
    implements NetworkFault {

  public DataLimit {
    proxies = proxies == null ? List.of() : List.copyOf(proxies);
    toxicity = toxicity == null ? 1.0 : toxicity;
    stream = stream == null ? Direction.DOWNSTREAM : stream;
  }

  @Override
  public String kind() {
    return "dataLimit";
  }
}
