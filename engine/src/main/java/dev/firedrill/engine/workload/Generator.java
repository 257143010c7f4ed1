package dev.firedrill.engine.workload;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Produces a workload's operations. {@link #next} is called for each arrival of the open-loop
 * schedule; {@link #finalReads} after the recovery wait, so every write is followed by a read.
 * Implementations are thread-safe: client threads call {@code next} concurrently.
 */
public interface Generator {

  /** The next operation; {@code random} is the calling client's own (seeded) source. */
  Invocation next(int process, SplittableRandom random);

  /** Reads that close the history: every key, every view. */
  List<Invocation> finalReads();
}
