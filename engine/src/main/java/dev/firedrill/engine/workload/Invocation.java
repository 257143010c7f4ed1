package dev.firedrill.engine.workload;

import dev.firedrill.engine.workload.http.Bindings;

/**
 * One operation a workload client is about to perform: the history's {@code f}, {@code key} and
 * {@code value}, the idempotency key it carries, and the placeholder bindings of its request.
 * {@code operation} names the request template (usually equal to {@code f}).
 */
public record Invocation(
    String operation,
    String f,
    String key,
    Object value,
    String idempotencyKey,
    Bindings bindings) {}
