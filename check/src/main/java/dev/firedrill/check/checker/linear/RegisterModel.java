package dev.firedrill.check.checker.linear;

/**
 * The sequential specification of a register, over interned values. A step returns the new state or
 * {@link #ILLEGAL}. Jepsen's (Knossos's) conventions hold: a read of nil is accepted whatever the
 * state (nil means the client could not tell); an indeterminate cas whose expected value does not
 * match leaves the state unchanged (it failed, which is one of its possible outcomes).
 */
public enum RegisterModel implements SequentialSpec {
  /** read and write. */
  REGISTER,
  /** read, write and compare-and-set. */
  CAS_REGISTER;

  /** The result of an illegal step. */
  public static final int ILLEGAL = SequentialSpec.ILLEGAL;

  @Override
  public int step(int state, RegisterOp op) {
    return switch (op.kind()) {
      case READ -> op.a() == RegisterOp.NIL || op.a() == state ? state : ILLEGAL;
      case WRITE -> op.a();
      case CAS -> {
        if (state == op.a()) {
          yield op.b();
        }
        yield op.indeterminate() ? state : ILLEGAL;
      }
      case APPEND -> ILLEGAL;
    };
  }

  @Override
  public boolean supports(RegisterOp.Kind kind) {
    return kind == RegisterOp.Kind.READ
        || kind == RegisterOp.Kind.WRITE
        || (this == CAS_REGISTER && kind == RegisterOp.Kind.CAS);
  }
}
