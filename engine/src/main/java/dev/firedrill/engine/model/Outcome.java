package dev.firedrill.engine.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a response status is recorded in the history. */
public enum Outcome {
  /** The operation happened. */
  @JsonProperty("ok")
  OK,
  /** The operation definitely did not happen. */
  @JsonProperty("fail")
  FAIL,
  /** Unknown whether the operation happened. */
  @JsonProperty("info")
  INFO,
  /** A read that found nothing: recorded as ok with no value. */
  @JsonProperty("absent")
  ABSENT
}
