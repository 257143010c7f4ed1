package dev.firedrill.engine.fault.skew;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where libfaketime's preload library is: {@code FIREDRILL_LIBFAKETIME} when set, else the paths
 * Debian, Ubuntu, Fedora and a source install use.
 */
final class Libfaketime {

  /** The environment variable that names the library when it is elsewhere. */
  static final String ENV = "FIREDRILL_LIBFAKETIME";

  static final List<String> CANDIDATES =
      List.of(
          "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1",
          "/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1",
          "/usr/lib64/faketime/libfaketime.so.1",
          "/usr/lib/faketime/libfaketime.so.1",
          "/usr/local/lib/faketime/libfaketime.so.1");

  private Libfaketime() {}

  /** The library, or empty when none is installed. */
  static Optional<Path> find(Map<String, String> env) {
    String named = env.get(ENV);
    if (named != null && !named.isBlank()) {
      Path p = Path.of(named);
      return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }
    return CANDIDATES.stream().map(Path::of).filter(Files::isRegularFile).findFirst();
  }

  /** Why no library was found, with the fix. */
  static String missing(Map<String, String> env) {
    String named = env.get(ENV);
    if (named != null && !named.isBlank()) {
      return "clockSkew needs libfaketime, and "
          + ENV
          + "="
          + named
          + " is not a file (fix: point it at libfaketime.so.1, or unset it)";
    }
    return "clockSkew needs libfaketime, found in none of "
        + String.join(", ", CANDIDATES)
        + " (fix: apt-get install libfaketime, or set "
        + ENV
        + " to the path of libfaketime.so.1)";
  }
}
