package dev.firedrill.engine.step;

import dev.firedrill.engine.model.CommandStep;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the command of a step, without a shell, in a process group of its own through {@code setsid}
 * where there is one (so a terminal's Ctrl-C reaches Firedrill only, and a timeout kills every
 * process the command started, not just the first). Its stdout and stderr go to one log file; the
 * last {@value #TAIL_BYTES} bytes of it are the outcome's output.
 */
final class CommandStepCall {

  static final int TAIL_BYTES = 4096;

  private static final Path SETSID = Path.of("/usr/bin/setsid");
  private static final Path KILL = Path.of("/bin/kill");

  private CommandStepCall() {}

  /** How the command ended: its exit code, or why there was none, and its output's tail. */
  record Exit(Integer code, String output, String error) {}

  /**
   * Runs {@code step} with its output in {@code log}, killed once {@code timeout} passes or when
   * this thread is interrupted (then rethrown).
   */
  static Exit run(CommandStep step, StepValues values, Duration timeout, Path log)
      throws InterruptedException {
    List<String> argv = new ArrayList<>();
    boolean group = Files.isExecutable(SETSID);
    if (group) {
      argv.add(SETSID.toString());
    }
    step.argv().stream().map(values::expand).forEach(argv::add);
    Path dir =
        step.workingDir() == null
            ? values.baseDir()
            : values.baseDir().resolve(values.expand(step.workingDir()));
    Process p;
    try {
      Files.createDirectories(log.getParent());
      ProcessBuilder b =
          new ProcessBuilder(argv)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      step.env().forEach((k, v) -> b.environment().put(k, values.expand(v)));
      p = b.start();
    } catch (IOException e) {
      return new Exit(
          null, "", "could not start " + step.argv().getFirst() + ": " + e.getMessage());
    }
    try {
      if (!p.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        kill(p, group);
        return new Exit(null, tail(log), "timeout after " + timeout.toMillis() + "ms (killed)");
      }
    } catch (InterruptedException e) {
      kill(p, group);
      throw e;
    }
    int code = p.exitValue();
    String error =
        code == step.expectedExit()
            ? null
            : "exit code " + code + " (expected " + step.expectedExit() + ")";
    return new Exit(code, tail(log), error);
  }

  /** SIGKILL to the command's group (or its process tree), and waits for it to be gone. */
  private static void kill(Process p, boolean group) {
    if (group && Files.isExecutable(KILL)) {
      try {
        new ProcessBuilder(KILL.toString(), "-KILL", "--", "-" + p.pid())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start()
            .waitFor(2, TimeUnit.SECONDS);
      } catch (IOException | InterruptedException e) {
        // fall through to the tree kill below
      }
    }
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    try {
      p.waitFor(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The last bytes of {@code log} as text (a partial first character dropped). */
  static String tail(Path log) {
    try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
      long start = Math.max(0, f.length() - TAIL_BYTES);
      byte[] bytes = new byte[(int) (f.length() - start)];
      f.seek(start);
      f.readFully(bytes);
      String text = new String(bytes, StandardCharsets.UTF_8);
      return start > 0 && !text.isEmpty() ? text.substring(1) : text;
    } catch (IOException e) {
      return "";
    }
  }
}
