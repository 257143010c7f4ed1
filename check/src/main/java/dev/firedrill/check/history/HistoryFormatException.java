package dev.firedrill.check.history;

/** A history file that cannot be read: malformed syntax or a missing or ill-typed field. */
public final class HistoryFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public HistoryFormatException(String message) {
    super(message);
  }

  public HistoryFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
