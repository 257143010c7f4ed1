package dev.firedrill.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT and SIGTERM while a local run goes on: instead of the JVM's shutdown (which would leave a
 * shutdown hook racing the run), each is handed to {@code onStop} with its own reason — {@code
 * interrupted (Ctrl-C)} or {@code terminated (SIGTERM)} — so the run is cancelled at once, heals,
 * writes its reports and the command exits 1 the ordinary way. The drill's processes run in process
 * groups of their own, so a terminal's Ctrl-C reaches Firedrill only. {@link #close} puts the
 * previous handlers back. Uses {@code sun.misc.Signal} (module jdk.unsupported), the JDK's only way
 * to tell the two signals apart; where it is missing the shutdown hook still heals.
 */
final class StopSignals implements AutoCloseable {

  /** The reason a run stopped by SIGINT gets. */
  static final String SIGINT = "interrupted (Ctrl-C)";

  /** The reason a run stopped by SIGTERM gets. */
  static final String SIGTERM = "terminated (SIGTERM)";

  private final List<Signal> signals = new ArrayList<>();
  private final List<SignalHandler> previous = new ArrayList<>();
  private volatile String received;

  private StopSignals() {}

  /** Installs the handlers; {@code onStop} gets the reason, once per signal, on its own thread. */
  static StopSignals install(Consumer<String> onStop) {
    StopSignals s = new StopSignals();
    s.handle("INT", SIGINT, onStop);
    s.handle("TERM", SIGTERM, onStop);
    return s;
  }

  /** The reason of the first signal received, or null. */
  String received() {
    return received;
  }

  private void handle(String name, String reason, Consumer<String> onStop) {
    try {
      Signal signal = new Signal(name);
      SignalHandler old =
          Signal.handle(
              signal,
              sig -> {
                if (received == null) {
                  received = reason;
                }
                onStop.accept(reason);
              });
      signals.add(signal);
      previous.add(old);
    } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
      // the signal is not available here (or ignored by the parent), or a runtime without
      // jdk.unsupported: the shutdown hook heals
    }
  }

  @Override
  public void close() {
    for (int i = 0; i < signals.size(); i++) {
      try {
        Signal.handle(signals.get(i), previous.get(i));
      } catch (IllegalArgumentException e) {
        // nothing to restore
      }
    }
  }
}
