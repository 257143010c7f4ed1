package dev.firedrill.engine.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How many of the candidate pods (or processes) a pod kill takes: Chaos Mesh's selector modes, with
 * their words and rounding, so a drill reads the same to someone who knows Chaos Mesh. The choice
 * among the candidates is made by the plan's seed, so it is the same for the same seed and the same
 * candidates.
 */
public enum PodKillMode {
  /** One, chosen by the seed. */
  @JsonProperty("one")
  ONE,
  /** Every candidate. */
  @JsonProperty("all")
  ALL,
  /** Exactly {@code value} candidates (all of them when there are fewer). */
  @JsonProperty("fixed")
  FIXED,
  /** {@code value} percent of the candidates, rounded up: at least one. */
  @JsonProperty("fixed-percent")
  FIXED_PERCENT,
  /**
   * A percentage drawn by the seed from 1 to {@code value}, of the candidates, rounded up: at least
   * one. (Chaos Mesh draws from 0, which can kill nothing; a kill that kills nothing is an error
   * here, so the draw starts at 1.)
   */
  @JsonProperty("random-max-percent")
  RANDOM_MAX_PERCENT,
  /** The older name of {@link #FIXED_PERCENT}, kept so existing drills stay valid. */
  @JsonProperty("percent")
  PERCENT;

  /** The mode this one means: {@link #PERCENT} means {@link #FIXED_PERCENT}. */
  public PodKillMode canonical() {
    return this == PERCENT ? FIXED_PERCENT : this;
  }

  /** True when the mode needs a {@code value}. */
  public boolean needsValue() {
    return this != ONE && this != ALL;
  }

  /** True when {@code value} is a percentage (1 to 100). */
  public boolean isPercent() {
    PodKillMode m = canonical();
    return m == FIXED_PERCENT || m == RANDOM_MAX_PERCENT;
  }
}
