package dev.firedrill.engine.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Delays data on the links by {@code latency} plus or minus {@code jitter}. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Latency(
    @JsonPropertyDescription("Proxies (by name in spec.toxiproxy.proxies) the fault acts on.")
        @Required
        @Size(min = 1)
        List<String> proxies,
    @JsonPropertyDescription("Delay added to the data, e.g. 300ms.")
        @Required
        @Pattern(DurationText.PATTERN)
        String latency,
    @JsonPropertyDescription("Random variation around the delay, e.g. 50ms. Default 0.")
        @Pattern(DurationText.PATTERN)
        String jitter,
    @JsonPropertyDescription("Traffic affected: upstream, downstream or both. Default downstream.")
        Direction stream,
    @JsonPropertyDescription(
            "Probability (0 to 1), decided per connection, that the fault applies. Default 1.")
        @Min(0)
        @Max(1)
        Double toxicity)
    implements NetworkFault {

  public Latency {
    proxies = proxies == null ? List.of() : List.copyOf(proxies);
    toxicity = toxicity == null ? 1.0 : toxicity;
    stream = stream == null ? Direction.DOWNSTREAM : stream;
  }

  @Override
  public String kind() {
    return "latency";
  }
}
