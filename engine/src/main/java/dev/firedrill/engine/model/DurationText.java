package dev.firedrill.engine.model;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as drills write them: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, or a sum such
 * as {@code 1m30s}. The pattern is shared by the CRD schema, the JSON Schema and the validator, so
 * all three accept exactly the same strings.
 */
public final class DurationText {

  /** Anchored regular expression for a duration string. */
  public static final String PATTERN = "^([0-9]{1,9}(ms|s|m|h))+$";

  private static final Pattern PART = Pattern.compile("([0-9]{1,9})(ms|s|m|h)");
  private static final Pattern WHOLE = Pattern.compile(PATTERN);

  private DurationText() {}

  /** True when {@code text} is a duration string. */
  public static boolean isValid(String text) {
    return text != null && WHOLE.matcher(text).matches();
  }

  /**
   * Parses a duration string.
   *
   * @throws IllegalArgumentException when {@code text} does not match {@link #PATTERN}
   */
  public static Duration parse(String text) {
    if (!isValid(text)) {
      throw new IllegalArgumentException(
          "not a duration: '" + text + "' (write e.g. 500ms, 30s, 2m, 1h or 1m30s)");
    }
    Duration total = Duration.ZERO;
    Matcher m = PART.matcher(text);
    while (m.find()) {
      long n = Long.parseLong(m.group(1));
      total =
          total.plus(
              switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
              });
    }
    return total;
  }

  /** Parses {@code text}, or returns {@code fallback} when it is null. */
  public static Duration parseOr(String text, Duration fallback) {
    return text == null ? fallback : parse(text);
  }

  /** Formats a duration the way drills write them, e.g. {@code 1m30s} or {@code 250ms}. */
  public static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    StringBuilder out = new StringBuilder();
    long h = d.toHours();
    int m = d.toMinutesPart();
    int s = d.toSecondsPart();
    int ms = d.toMillisPart();
    if (h > 0) out.append(h).append('h');
    if (m > 0) out.append(m).append('m');
    if (s > 0) out.append(s).append('s');
    if (ms > 0) out.append(ms).append("ms");
    return out.toString();
  }
}
