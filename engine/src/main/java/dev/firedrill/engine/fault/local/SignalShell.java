package dev.firedrill.engine.fault.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One long-lived {@code /bin/sh} whose built-in {@code kill} sends the supervisor's signals: a
 * signal costs a line on a pipe, not a new process forked from a large JVM (tens of milliseconds on
 * a loaded machine, which would make a planned pause land late). Commands are one at a time; the
 * shell answers each with its exit status. If the shell is gone, {@code kill(1)} is spawned
 * instead, and a new shell started for the next signal.
 */
final class SignalShell {

  static final SignalShell INSTANCE = new SignalShell();

  /** Only {@code kill}, a signal option, {@code --} and (negative) pids ever reach the shell. */
  private static final Pattern SAFE = Pattern.compile("^(kill|--|-[A-Z0-9]+|-?[0-9]+)$");

  private Process shell;
  private Writer in;
  private BufferedReader out;

  private SignalShell() {}

  /** Runs {@code command} (a {@code kill} line) and returns its exit status. */
  int run(List<String> command) throws IOException {
    if (!command.stream().allMatch(a -> SAFE.matcher(a).matches())) {
      throw new IllegalArgumentException("not a kill command: " + command);
    }
    synchronized (this) {
      try {
        ensure();
        // dash's built-in kill takes no "--": after the signal, a negative number is a group
        String line = String.join(" ", command.stream().filter(a -> !a.equals("--")).toList());
        in.write(line + " 2>/dev/null; echo $?\n");
        in.flush();
        String status = out.readLine();
        if (status != null) {
          return Integer.parseInt(status.trim());
        }
      } catch (IOException | NumberFormatException e) {
        // the shell died or garbled its answer: start afresh next time, spawn this once
      }
      stop();
    }
    return Signals.spawn(command);
  }

  private void ensure() throws IOException {
    if (shell != null && shell.isAlive()) {
      return;
    }
    // In a session of its own, so a terminal's Ctrl-C does not end it; it exits when the JVM does
    // (its stdin closes).
    List<String> sh =
        java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/bin/setsid"))
            ? List.of("/usr/bin/setsid", "/bin/sh")
            : List.of("/bin/sh");
    shell = new ProcessBuilder(sh).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    in = new java.io.OutputStreamWriter(shell.getOutputStream(), StandardCharsets.US_ASCII);
    out =
        new BufferedReader(
            new InputStreamReader(shell.getInputStream(), StandardCharsets.US_ASCII));
  }

  private void stop() {
    if (shell != null) {
      shell.destroyForcibly();
      shell = null;
    }
  }
}
