package dev.firedrill.engine.run;

import dev.firedrill.engine.fault.FaultDriver;
import java.util.List;

/**
 * One part of what a run touches, set up before the load and torn down after it, and the fault
 * drivers that act on it: the drill's local processes, a Toxiproxy server (the drill's or an
 * embedded one), a cluster's pods. The run's driver chooses them (the CLI: Toxiproxy, then local
 * processes; the cluster runner: Toxiproxy and pods); the engine opens them in order and closes
 * them in reverse, so proxies exist before any process starts and processes stop before the proxies
 * go.
 */
public interface Setup {

  /** What this part is, for messages: {@code local processes}, {@code Toxiproxy at ...}. */
  String describe();

  /** Sets this part up for one run. */
  Active open(RunContext context) throws Exception;

  /** A part set up for a run. */
  interface Active extends AutoCloseable {

    /** The fault drivers that act on this part. */
    List<FaultDriver> drivers();

    /**
     * Brings back to normal what faults changed and no heal undoes (a killed process is restarted),
     * after the heals and before the recovery wait. Idempotent.
     */
    default void restore() throws Exception {}

    /** Tears this part down; never throws. */
    @Override
    void close();
  }
}
