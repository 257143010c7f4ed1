package dev.firedrill.engine.run;

import java.util.Map;

/**
 * What a {@link Setup} (and the fault drivers it opens) may tell the run it is part of, from any
 * thread, while the run goes on: a nemesis note for the history (a killed pod's replacement became
 * Ready, the traffic a network fault saw), a guardrail trip (too many pods down), or a reason the
 * outcome cannot be decided (a network fault that saw no traffic).
 */
public interface RunSignals {

  /**
   * Appends a nemesis entry to the history, timed now: {@code f} says what it is ({@code replaced},
   * {@code traffic}), {@code key} the fault occurrence ({@code name#n}) it belongs to, {@code
   * value} the details; {@code error} why it did not happen as it should, or null.
   */
  void note(String f, String key, Map<String, ?> value, String error);

  /**
   * A guardrail tripped: the run stops injecting, heals every fault at once, and ends Aborted with
   * {@code reason}. The first trip wins; later ones are ignored.
   */
  void guardrail(String reason);

  /**
   * The run cannot establish what it tests, for {@code reason}: a verdict that would be Pass
   * becomes Inconclusive, with the reason in its message. Fail, Error and Aborted stay.
   */
  void inconclusive(String reason);

  /**
   * Something the run needed did not happen, and the run goes on without it: a killed process was
   * not restarted, a supervised process exited on its own. A verdict that would be Pass (or
   * Inconclusive) becomes Error, with the first reason in its message; Fail and Aborted stay.
   */
  default void failed(String reason) {}

  /** Signals that go nowhere (tests of a setup on its own). */
  RunSignals NONE =
      new RunSignals() {
        @Override
        public void note(String f, String key, Map<String, ?> value, String error) {}

        @Override
        public void guardrail(String reason) {}

        @Override
        public void inconclusive(String reason) {}
      };
}
