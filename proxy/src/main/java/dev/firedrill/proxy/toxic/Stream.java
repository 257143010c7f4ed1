package dev.firedrill.proxy.toxic;

/**
 * The direction a toxic acts on. Upstream is client to server, downstream is server to client; the
 * wire names are Toxiproxy's.
 */
public enum Stream {
  UPSTREAM("upstream"),
  DOWNSTREAM("downstream");

  private final String wireName;

  Stream(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** Parses a wire name; {@code null} when it is neither stream. */
  public static Stream parse(String name) {
    for (Stream stream : values()) {
      if (stream.wireName.equals(name)) {
        return stream;
      }
    }
    return null;
  }
}
