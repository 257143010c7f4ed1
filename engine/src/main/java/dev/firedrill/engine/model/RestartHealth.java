package dev.firedrill.engine.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * When a local process restarted after a kill counts as started again. A member of a store that
 * needs a quorum is not healthy on its own while its peers are down too, so waiting for its health
 * URL after a kill of every member would wait for ever: such a member is started once its port
 * accepts.
 */
public enum RestartHealth {
  /** The health URL answers 2xx (the default; the port, when there is no health URL). */
  @JsonProperty("health")
  HEALTH,
  /** The process's {@code port} accepts TCP connections. */
  @JsonProperty("port")
  PORT
}
