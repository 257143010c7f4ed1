package dev.firedrill.check.history;

/**
 * An operation: an invocation paired with its completion. The completion is null when the history
 * ends before the operation completes, which means the same as an {@code info} completion: the
 * outcome is unknown.
 *
 * @param invoke the invocation
 * @param completion the ok, fail or info completion, or null
 */
public record Operation(Op invoke, Op completion) {

  /** OK, FAIL, or INFO (also when the operation never completed). */
  public OpType outcome() {
    return completion == null ? OpType.INFO : completion.type();
  }

  /** True when the operation completed ok. */
  public boolean ok() {
    return outcome() == OpType.OK;
  }

  /** True when the operation may or may not have happened (info, or no completion). */
  public boolean indeterminate() {
    return outcome() == OpType.INFO;
  }

  /** The result on ok, else the argument of the invocation. */
  public Object value() {
    if (completion != null && completion.type() == OpType.OK && completion.value() != null) {
      return completion.value();
    }
    return invoke.value();
  }

  public String f() {
    return invoke.f();
  }

  public String key() {
    return invoke.key() != null || completion == null ? invoke.key() : completion.key();
  }

  public int process() {
    return invoke.process();
  }

  /** The index of the completion, or {@link Long#MAX_VALUE} if it never completed. */
  public long completeIndex() {
    return completion == null ? Long.MAX_VALUE : completion.index();
  }

  /** The time of the completion, or {@link Long#MAX_VALUE} if it never completed. */
  public long completeTime() {
    return completion == null ? Long.MAX_VALUE : completion.time();
  }

  /** The idempotency key of either half. */
  public String idempotencyKey() {
    if (invoke.idempotencyKey() != null || completion == null) {
      return invoke.idempotencyKey();
    }
    return completion.idempotencyKey();
  }
}
