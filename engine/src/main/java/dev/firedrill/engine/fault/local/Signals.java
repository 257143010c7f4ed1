package dev.firedrill.engine.fault.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * POSIX signals to a process and its descendants. Java can send SIGTERM and SIGKILL itself; SIGSTOP
 * and SIGCONT go through {@code kill(1)}, which every Linux and macOS has.
 */
final class Signals {

  private Signals() {}

  /** SIGKILL to the process and every descendant (a shell wrapper must not leave its child). */
  static void kill(ProcessHandle process) {
    List<ProcessHandle> all = tree(process);
    all.forEach(ProcessHandle::destroyForcibly);
  }

  /**
   * SIGSTOP to the process tree; returns once the kernel reports the process stopped (on Linux), so
   * the time a pause is recorded is the time it took hold. It keeps its sockets open.
   */
  static void stop(ProcessHandle process) throws IOException {
    send("-STOP", tree(process));
    awaitState(process, true);
  }

  /** SIGCONT to the process tree; returns once it runs again (on Linux). */
  static void resume(ProcessHandle process) throws IOException {
    send("-CONT", tree(process));
    awaitState(process, false);
  }

  private static void awaitState(ProcessHandle process, boolean stopped) throws IOException {
    Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
    if (!Files.exists(stat)) {
      return; // not Linux: the signal is sent; its effect is not observable here
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (System.nanoTime() < deadline && process.isAlive()) {
      if (isStopped(stat) == stopped) {
        return;
      }
      Thread.onSpinWait();
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for the signal to land", e);
      }
    }
    if (process.isAlive()) {
      throw new IOException(
          "process "
              + process.pid()
              + " did not "
              + (stopped ? "stop" : "continue")
              + " within 2s");
    }
  }

  /** The state letter after the command name in /proc/PID/stat: T or t means stopped. */
  private static boolean isStopped(Path stat) throws IOException {
    try {
      String text = Files.readString(stat);
      char state = text.charAt(text.lastIndexOf(')') + 2);
      return state == 'T' || state == 't';
    } catch (java.nio.file.NoSuchFileException e) {
      return false;
    }
  }

  private static List<ProcessHandle> tree(ProcessHandle process) {
    List<ProcessHandle> all = new ArrayList<>();
    all.add(process);
    process.descendants().forEach(all::add);
    return all;
  }

  private static void send(String signal, List<ProcessHandle> processes) throws IOException {
    List<String> command = new ArrayList<>(List.of("kill", signal));
    processes.stream()
        .filter(ProcessHandle::isAlive)
        .forEach(p -> command.add(Long.toString(p.pid())));
    if (command.size() == 2) {
      return;
    }
    Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      if (!kill.waitFor(5, TimeUnit.SECONDS)) {
        kill.destroyForcibly();
        throw new IOException("kill " + signal + " did not finish within 5s");
      }
      if (kill.exitValue() != 0) {
        throw new IOException(
            "kill "
                + signal
                + " failed: "
                + new String(kill.getInputStream().readAllBytes()).trim());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while sending " + signal, e);
    }
  }
}
