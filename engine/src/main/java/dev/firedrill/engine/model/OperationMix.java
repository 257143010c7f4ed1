package dev.firedrill.engine.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * The relative weights of a register or kv workload's operations: an operation is a read with
 * probability {@code read / (read + write + cas)}, and so on. An unset weight is 1 (a cas weight
 * only when cas is mapped), so with no mix each mapped operation gets an equal share: a third each
 * of read, write and cas, or half each of read and write.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OperationMix(
    @JsonPropertyDescription("Weight of reads. Default 1.") @Min(0) @Max(1000000) Integer read,
    @JsonPropertyDescription("Weight of writes. Default 1.") @Min(0) @Max(1000000) Integer write,
    @JsonPropertyDescription(
            "Weight of compare-and-set operations; only when cas is mapped. Default 1 when cas is"
                + " mapped, else 0.")
        @Min(0)
        @Max(1000000)
        Integer cas) {

  /** The read weight, 1 when unset. */
  @JsonIgnore
  public int readWeight() {
    return read == null ? 1 : read;
  }

  /** The write weight, 1 when unset. */
  @JsonIgnore
  public int writeWeight() {
    return write == null ? 1 : write;
  }

  /** The cas weight: 0 when cas is not mapped, else as given, 1 when unset. */
  @JsonIgnore
  public int casWeight(boolean casMapped) {
    return !casMapped ? 0 : cas == null ? 1 : cas;
  }
}
