package dev.firedrill.proxy.link;

/**
 * A refused proxy or toxic operation. The API maps each kind to Toxiproxy's status code; the
 * message is Toxiproxy's text where it has one.
 */
public final class ProxyException extends Exception {

  /** Why the operation was refused. */
  public enum Kind {
    BAD_INPUT,
    NOT_FOUND,
    CONFLICT,
    LISTEN_FAILED
  }

  private final Kind kind;

  public ProxyException(Kind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
