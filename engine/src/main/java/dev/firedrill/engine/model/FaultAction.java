package dev.firedrill.engine.model;

/** What a fault does. The engine gives each action two verbs, inject and heal, on one target. */
public sealed interface FaultAction permits PodKill, Pause, ClockSkew, NetworkFault {

  /** The wire name of the action field, e.g. {@code podKill}. */
  String kind();
}
