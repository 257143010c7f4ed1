package dev.firedrill.engine.validate;

import java.util.Comparator;

/**
 * One thing wrong with a drill file: where (file, 1-based line and column, and the field path such
 * as {@code spec.faults[2].at}), what, and the concrete fix.
 */
public record Problem(String file, int line, int column, String path, String message, String fix) {

  /** Orders problems as a reader meets them: by file, then position, then path. */
  public static final Comparator<Problem> BY_POSITION =
      Comparator.comparing(Problem::file)
          .thenComparingInt(Problem::line)
          .thenComparingInt(Problem::column)
          .thenComparing(Problem::path);

  /** {@code file:line:col: path: message (fix: ...)}, the format {@code lint} prints. */
  public String format() {
    String where = path.isEmpty() ? "" : path + ": ";
    String howToFix = fix == null || fix.isEmpty() ? "" : " (fix: " + fix + ")";
    return file + ":" + line + ":" + column + ": " + where + message + howToFix;
  }
}
