package dev.firedrill.engine.model;

/** The shape of every name in a drill (processes, proxies, faults, probes): a DNS-1123 label. */
public final class Names {

  /** Lower-case letters, digits and '-', starting and ending alphanumeric, at most 63. */
  public static final String PATTERN = "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$";

  private Names() {}
}
