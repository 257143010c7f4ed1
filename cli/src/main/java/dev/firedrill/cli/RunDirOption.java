package dev.firedrill.cli;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks {@code run --out} and {@code --report-dir} before anything runs: the folder must be one
 * (or be makeable) and this user must be able to write in it. Otherwise the run would inject faults
 * and then fail to write its ledger, history and reports.
 */
final class RunDirOption {

  private RunDirOption() {}

  /**
   * Null when {@code dir} is a writable folder (made if missing), else the one line to print:
   * {@code firedrill run: --out runs: ... (fix: ...)}.
   */
  static String problem(String option, Path dir) {
    String given = "firedrill run: " + option + " " + dir + ": ";
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      return given + "is a file, not a folder (fix: give a folder; it is made if missing)";
    }
    try {
      Files.createDirectories(dir);
      Files.delete(Files.createTempFile(dir, ".firedrill-", ".probe"));
      return null;
    } catch (IOException | SecurityException e) {
      return given
          + "cannot write there: "
          + reason(e)
          + " (fix: give a folder this user may create and write)";
    }
  }

  private static String reason(Exception e) {
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.FileAlreadyExistsException f) {
      return f.getFile() + " is a file";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return (f.getFile() == null ? "" : f.getFile() + ": ")
          + f.getReason().toLowerCase(java.util.Locale.ROOT);
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
