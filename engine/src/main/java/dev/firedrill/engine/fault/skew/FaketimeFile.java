package dev.firedrill.engine.fault.skew;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Locale;

/**
 * The libfaketime timestamp file of one process ({@code FAKETIME_TIMESTAMP_FILE}): one line, a
 * relative offset in seconds such as {@code +0}, {@code -30} or {@code +1.500}. The process reads
 * it again at most every {@link #CACHE_SECONDS} second(s) ({@code FAKETIME_CACHE_DURATION};
 * libfaketime re-reads once more than that has passed, so a new offset takes effect within two
 * seconds), so the runner moves the clock with no restart. Written through a temporary file and a
 * rename, so the process never reads a half-written line.
 */
final class FaketimeFile {

  /** How often the process reads the file again; {@code FAKETIME_NO_CACHE} costs 16µs a call. */
  static final int CACHE_SECONDS = 1;

  /** The offset that leaves the clock alone, written at setup and by every heal. */
  static final String ZERO = "+0";

  private FaketimeFile() {}

  /** The file's line for an offset: whole seconds when it has no fraction, else milliseconds. */
  static String line(Duration offset) {
    long millis = offset.toMillis();
    String sign = millis < 0 ? "-" : "+";
    long abs = Math.abs(millis);
    return abs % 1000 == 0
        ? sign + abs / 1000
        : sign + String.format(Locale.ROOT, "%d.%03d", abs / 1000, abs % 1000);
  }

  /** Replaces the file's content with {@code line}, atomically. */
  static void write(Path file, String line) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, line + "\n");
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
