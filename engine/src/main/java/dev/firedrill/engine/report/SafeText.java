package dev.firedrill.engine.report;

/**
 * Text from the system under test made safe to show: every character a terminal, an XML parser or a
 * log viewer would act on instead of showing is replaced by a visible escape, so a response can
 * neither clear the console, move its cursor, overwrite a line with a fake {@code PASS} (ESC, CR),
 * nor make junit.xml not well-formed (NUL, ESC and the other C0 controls are not allowed in XML
 * 1.0).
 *
 * <p>Escaped: the C0 controls (U+0000–U+001F) but tab, and newline where the caller keeps it; DEL
 * and the C1 controls (U+007F–U+009F, U+009B is a one-character CSI); the line and paragraph
 * separators (U+2028, U+2029); the bidirectional overrides and isolates (U+202A–U+202E,
 * U+2066–U+2069), which reorder what a reader sees; U+FFFE and U+FFFF (not characters, refused by
 * XML); and a surrogate without its pair (not text at all). Newline, CR and NUL read {@code \n},
 * {@code \r} and {@code \0}; the others a backslash, {@code x} and two hex digits, or {@code u} and
 * four. A backslash is left as it is: a look-alike of an escape misleads no parser or terminal, and
 * paths and JSON stay readable.
 */
public final class SafeText {

  private SafeText() {}

  /** One console line: newlines escaped too, so a value can never start a line of its own. */
  public static String line(String s) {
    return escape(s, false);
  }

  /** Text for an XML element body or a report paragraph: newlines kept, the rest escaped. */
  public static String text(String s) {
    return escape(s, true);
  }

  /** Whether {@code c} is shown as an escape (a newline counts as safe here). */
  static boolean unsafe(char c) {
    return (c < 0x20 && c != '\t' && c != '\n')
        || (c >= 0x7f && c <= 0x9f)
        || c == 0x2028
        || c == 0x2029
        || (c >= 0x202a && c <= 0x202e)
        || (c >= 0x2066 && c <= 0x2069)
        || c == 0xfffe
        || c == 0xffff;
  }

  private static String escape(String s, boolean keepNewlines) {
    if (s == null) {
      return null;
    }
    int first = firstUnsafe(s, keepNewlines);
    if (first < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length() + 16).append(s, 0, first);
    for (int i = first; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        out.append(c).append(s.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else if (c == '\n') {
        out.append(keepNewlines ? "\n" : "\\n");
      } else if (!unsafe(c)) {
        out.append(c);
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c == 0) {
        out.append("\\0");
      } else if (c <= 0xff) {
        out.append(String.format("\\x%02x", (int) c));
      } else {
        out.append(String.format("\\u%04x", (int) c));
      }
    }
    return out.toString();
  }

  /**
   * The index of the first character to escape, or -1: most text has none and is returned as is.
   */
  private static int firstUnsafe(String s, boolean keepNewlines) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\n') {
        if (!keepNewlines) {
          return i;
        }
      } else if (unsafe(c)) {
        return i;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }
}
