package dev.firedrill.check.history;

/**
 * One entry of a history: an invocation or a completion of an operation, or a fault recorded by the
 * nemesis.
 *
 * @param index position in the history, strictly increasing (assigned by the writer)
 * @param time nanoseconds since the start of the run (monotonic clock)
 * @param process the client process that issued the operation, or {@link #NEMESIS}
 * @param type invoke, ok, fail or info
 * @param f the function: {@code add}, {@code read}, {@code write}, {@code cas}, ... (see
 *     docs/checkers.md for what each checker reads)
 * @param key the entity the operation touches, or null for a single-entity workload
 * @param value the argument (on invoke) or result (on ok); plain Java values: null, {@link Long},
 *     {@link Double}, {@link String}, {@link Boolean}, {@link java.util.List}, {@link
 *     java.util.Map} with string keys
 * @param idempotencyKey the key the client sent to make retries safe, or null
 * @param traceId the distributed trace id of the request, or null
 * @param error why the operation failed or is indeterminate, or null
 * @param endpoint the base URL the operation was sent to when its workload spreads operations over
 *     several (the members of a cluster), or null
 */
public record Op(
    long index,
    long time,
    int process,
    OpType type,
    String f,
    String key,
    Object value,
    String idempotencyKey,
    String traceId,
    String error,
    String endpoint) {

  /** The process number of the nemesis (fault injector); written as {@code "nemesis"}. */
  public static final int NEMESIS = -1;

  /** An entry that names no endpoint. */
  public Op(
      long index,
      long time,
      int process,
      OpType type,
      String f,
      String key,
      Object value,
      String idempotencyKey,
      String traceId,
      String error) {
    this(index, time, process, type, f, key, value, idempotencyKey, traceId, error, null);
  }

  public Op {
    if (type == null) {
      throw new IllegalArgumentException("op " + index + " has no type");
    }
    if (f == null) {
      throw new IllegalArgumentException("op " + index + " has no f");
    }
  }

  /** True when the nemesis recorded this entry. */
  public boolean isNemesis() {
    return process == NEMESIS;
  }

  /** A copy with another index (the writer assigns indices). */
  public Op withIndex(long newIndex) {
    return new Op(
        newIndex, time, process, type, f, key, value, idempotencyKey, traceId, error, endpoint);
  }

  /** A copy with another value (completions often carry the result only). */
  public Op withValue(Object newValue) {
    return new Op(
        index, time, process, type, f, key, newValue, idempotencyKey, traceId, error, endpoint);
  }

  /** "p3" or "nemesis", as in explanations. */
  public String processName() {
    return isNemesis() ? "nemesis" : "p" + process;
  }
}
