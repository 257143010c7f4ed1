package dev.firedrill.engine.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Resets connections on the links (TCP RST) after {@code timeout}. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ResetPeer(
    @JsonPropertyDescription("Proxies (by name in spec.toxiproxy.proxies) the fault acts on.")
        @Required
        @Size(min = 1)
        List<String> proxies,
    @JsonPropertyDescription("Reset after this long; 0s resets at once. Default 0s.")
        @Pattern(DurationText.PATTERN)
        String timeout,
    @JsonPropertyDescription("Traffic affected: upstream, downstream or both. Default downstream.")
        Direction stream,
    @JsonPropertyDescription(
            "Probability (0 to 1), decided per connection, that the fault applies. Default 1.")
        @Min(0)
        @Max(1)
        Double toxicity)
    implements NetworkFault {

  public ResetPeer {
    proxies = proxies == null ? List.of() : List.copyOf(proxies);
    toxicity = toxicity == null ? 1.0 : toxicity;
    stream = stream == null ? Direction.DOWNSTREAM : stream;
  }

  @Override
  public String kind() {
    return "resetPeer";
  }
}
