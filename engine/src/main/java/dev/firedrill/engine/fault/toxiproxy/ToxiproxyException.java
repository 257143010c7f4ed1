package dev.firedrill.engine.fault.toxiproxy;

/** A Toxiproxy call failed, was refused, or did not answer within the timeout. */
public final class ToxiproxyException extends Exception {
  public ToxiproxyException(String message) {
    super(message);
  }

  public ToxiproxyException(String message, Throwable cause) {
    super(message, cause);
  }
}
