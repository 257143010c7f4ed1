package dev.firedrill.check.history;

import java.util.Locale;

/**
 * The type of a history entry. An operation is recorded as an {@link #INVOKE} and then exactly one
 * completion: {@link #OK} (it happened), {@link #FAIL} (it definitely did not happen) or {@link
 * #INFO} (the outcome is unknown: timeout, reset, crash). A process whose operation completed with
 * {@code INFO} is never reused, so its operation stays open to the end.
 */
public enum OpType {
  INVOKE,
  OK,
  FAIL,
  INFO;

  /** The wire name: {@code invoke}, {@code ok}, {@code fail}, {@code info}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a wire name; throws {@link IllegalArgumentException} on anything else. */
  public static OpType fromWire(String name) {
    return switch (name) {
      case "invoke" -> INVOKE;
      case "ok" -> OK;
      case "fail" -> FAIL;
      case "info" -> INFO;
      default ->
          throw new IllegalArgumentException(
              "unknown op type '" + name + "' (expected invoke, ok, fail or info)");
    };
  }

  /** True for {@link #OK}, {@link #FAIL} and {@link #INFO}. */
  public boolean isCompletion() {
    return this != INVOKE;
  }
}
