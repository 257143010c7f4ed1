package dev.firedrill.engine.workload;

import dev.firedrill.engine.model.OperationMix;
import dev.firedrill.engine.model.Workload;
import java.util.SplittableRandom;

/**
 * A register generator's choice among read, write and cas by weight: one draw of {@code
 * nextInt(read + write + cas)}, reads below {@code read}, writes below {@code read + write}, cas
 * above. With the default weights (1, 1, 1 with cas mapped; 1, 1 without) that is the draw of
 * {@code nextInt(3)} or {@code nextInt(2)} the generator always made, so a seed issues the same
 * operations as before mixes were configurable.
 */
record Mix(int read, int write, int cas) {

  /** The operation kinds drawn. */
  enum Kind {
    READ,
    WRITE,
    CAS
  }

  Mix {
    if (read < 0 || write < 0 || cas < 0 || read + write + cas <= 0) {
      throw new IllegalArgumentException(
          "a mix needs weights of 0 or more, not all 0: " + read + "/" + write + "/" + cas);
    }
  }

  /** The mix of {@code workload}: its weights, cas 0 when {@code casMapped} is false. */
  static Mix of(Workload workload, boolean casMapped) {
    OperationMix m = workload.mixOrDefault();
    return new Mix(m.readWeight(), m.writeWeight(), m.casWeight(casMapped));
  }

  Kind draw(SplittableRandom r) {
    int x = r.nextInt(read + write + cas);
    return x < read ? Kind.READ : x < read + write ? Kind.WRITE : Kind.CAS;
  }

  /** The share of operations of {@code kind}, 0 to 1. */
  double share(Kind kind) {
    int w =
        switch (kind) {
          case READ -> read;
          case WRITE -> write;
          case CAS -> cas;
        };
    return (double) w / (read + write + cas);
  }
}
