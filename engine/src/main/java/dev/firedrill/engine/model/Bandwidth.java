package dev.firedrill.engine.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Limits the links to {@code rate} KB/s; rate 0 holds all data. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Bandwidth(
    @JsonPropertyDescription("Proxies (by name in spec.toxiproxy.proxies) the fault acts on.")
        @Required
        @Size(min = 1)
        List<String> proxies,
    @JsonPropertyDescription("Rate in KB/s; 0 holds the data until healed.")
        @Required
        @Min(0)
        @Max(10000000)
        Long rate,
    @JsonPropertyDescription("Traffic affected: upstream, downstream or both. Default downstream.")
        Direction stream,
    @JsonPropertyDescription(
            "Probability (0 to 1), decided per connection, that the fault applies. Default 1.")
        @Min(0)
        @Max(1)
        Double toxicity)
    implements NetworkFault {

  public Bandwidth {
    proxies = proxies == null ? List.of() : List.copyOf(proxies);
    toxicity = toxicity == null ? 1.0 : toxicity;
    stream = stream == null ? Direction.DOWNSTREAM : stream;
  }

  @Override
  public String kind() {
    return "bandwidth";
  }
}
