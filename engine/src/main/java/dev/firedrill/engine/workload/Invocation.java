package dev.firedrill.engine.workload;

import dev.firedrill.engine.workload.http.Bindings;

/**
 * One operation a workload client is about to perform: the history's {@code f}, {@code key} and
 * {@code value}, the idempotency key it carries, and the placeholder bindings of its request.
 * {@code operation} names the request template (usually equal to {@code f}); {@code traceId} is the
 * W3C trace id its request carries, recorded with the invocation; {@code endpoint} is the base URL
 * an endpoint policy chose for it among several, or null when the operation has only one.
 */
public record Invocation(
    String operation,
    String f,
    String key,
    Object value,
    String idempotencyKey,
    Bindings bindings,
    String traceId,
    String endpoint) {

  /** An invocation sent to its operation's only base URL. */
  public Invocation(
      String operation,
      String f,
      String key,
      Object value,
      String idempotencyKey,
      Bindings bindings,
      String traceId) {
    this(operation, f, key, value, idempotencyKey, bindings, traceId, null);
  }

  /** This invocation sent to {@code url}. */
  public Invocation at(String url) {
    return new Invocation(operation, f, key, value, idempotencyKey, bindings, traceId, url);
  }
}
