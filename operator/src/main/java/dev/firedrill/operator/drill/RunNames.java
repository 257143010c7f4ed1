package dev.firedrill.operator.drill;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * Names of the DrillRuns the operator starts, {@code <drill>-<yyyyMMdd-HHmmss>} in UTC, and the
 * value of their {@code firedrill.dev/drill} label. Both stay within 63 characters, so a run's name
 * is also a valid label value and DNS label (its runner Job and pods are named after it).
 */
public final class RunNames {

  /** Longest label value and DNS label. */
  static final int MAX = 63;

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private RunNames() {}

  /**
   * The name of a run of {@code drill} stamped {@code at}; {@code attempt} 0 is the plain name,
   * attempt n adds {@code -<n+1>} (a second run in the same second). The drill's name is cut to fit
   * and its dots become dashes.
   */
  static String of(String drill, Instant at, int attempt) {
    String suffix = "-" + STAMP.format(at) + (attempt == 0 ? "" : "-" + (attempt + 1));
    return trimEnd(drill.replace('.', '-'), MAX - suffix.length()) + suffix;
  }

  /**
   * The {@code firedrill.dev/drill} label of the drill's runs: its name when it fits in 63
   * characters, else a cut name and a hash of the whole (a Drill's name may have 253). Listing by
   * this label is then confirmed by {@code spec.drill}.
   */
  public static String labelValue(String drill) {
    if (drill.length() <= MAX) {
      return drill;
    }
    String hash = HexFormat.of().formatHex(sha256(drill), 0, 4);
    return trimEnd(drill, MAX - 1 - hash.length()) + "-" + hash;
  }

  private static String trimEnd(String name, int max) {
    String cut = name.length() <= max ? name : name.substring(0, max);
    int end = cut.length();
    while (end > 0 && !Character.isLetterOrDigit(cut.charAt(end - 1))) {
      end--;
    }
    return cut.substring(0, end);
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
