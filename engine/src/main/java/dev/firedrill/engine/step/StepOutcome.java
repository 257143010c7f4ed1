package dev.firedrill.engine.step;

import java.time.Duration;

/**
 * How one setup or teardown step ended.
 *
 * @param phase {@code setup} or {@code teardown}
 * @param name the step's name
 * @param kind {@code http} or {@code command}
 * @param ok the step did what it should (the expected status or exit code, in time)
 * @param detail what it answered: {@code HTTP 200}, {@code exit 0}; null when it never answered
 * @param elapsed how long it took
 * @param output the tail of its output (a command's stdout and stderr, a response's body), as the
 *     system sent it: escape before showing it in HTML
 * @param error why it failed (unexpected status or exit code, timeout, connection refused), null
 *     when ok
 */
public record StepOutcome(
    String phase,
    String name,
    String kind,
    boolean ok,
    String detail,
    Duration elapsed,
    String output,
    String error) {

  /** One line for the console and the verdict's message: {@code setup step 'reset' failed: ...}. */
  public String summary() {
    return phase
        + " step '"
        + name
        + "' "
        + (ok ? "done (" + detail + ")" : "failed: " + error)
        + (ok || output == null || output.isBlank() ? "" : "; output ends: " + oneLine(output));
  }

  private static String oneLine(String text) {
    String t = text.strip().replaceAll("\\s*\\n\\s*", " | ");
    return t.length() <= 300 ? t : "..." + t.substring(t.length() - 300);
  }
}
