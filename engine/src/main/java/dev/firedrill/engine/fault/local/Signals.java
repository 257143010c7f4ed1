package dev.firedrill.engine.fault.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * POSIX signals to a supervised process: to its whole process group when it leads one (started
 * through {@code setsid}, so a grandchild a wrapper shell left behind is reached too, even after it
 * was reparented), else to the process and its descendants. Signals go through {@code kill(1)},
 * which every Linux and macOS has; Java cannot signal a group, nor send SIGSTOP or SIGCONT. They
 * are sent by the shell's built-in {@code kill} ({@link SignalShell}), so a pause lands within a
 * millisecond instead of after a fork of the JVM.
 */
final class Signals {

  private Signals() {}

  /** SIGKILL to the group (or tree). Never throws: a kill that fails has nothing left to kill. */
  static void kill(long pid, boolean group) {
    try {
      send("-KILL", pid, group);
    } catch (IOException e) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  /** SIGTERM to the group (or tree): the polite request to stop. */
  static void terminate(long pid, boolean group) {
    try {
      send("-TERM", pid, group);
    } catch (IOException e) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
    }
  }

  /**
   * SIGSTOP to the group (or tree); returns once the kernel reports the process stopped (on Linux),
   * so the time a pause is recorded is the time it took hold. It keeps its sockets open.
   */
  static void stop(long pid, boolean group) throws IOException {
    send("-STOP", pid, group);
    awaitState(pid, true);
  }

  /** SIGCONT to the group (or tree); returns once it runs again (on Linux). */
  static void resume(long pid, boolean group) throws IOException {
    send("-CONT", pid, group);
    awaitState(pid, false);
  }

  /** True while a member of the group (or the process itself) is alive. */
  static boolean groupAlive(long pid, boolean group) {
    if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      return true;
    }
    if (!group) {
      return false;
    }
    try {
      return SignalShell.INSTANCE.run(List.of("kill", "-0", "--", "-" + pid)) == 0;
    } catch (IOException e) {
      return false;
    }
  }

  private static void awaitState(long pid, boolean stopped) throws IOException {
    Path stat = Path.of("/proc", Long.toString(pid), "stat");
    if (!Files.exists(stat)) {
      return; // not Linux, or gone: the signal is sent; its effect is not observable here
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (System.nanoTime() < deadline && Files.exists(stat)) {
      if (isStopped(stat) == stopped) {
        return;
      }
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for the signal to land", e);
      }
    }
    if (Files.exists(stat) && !isZombie(stat)) {
      throw new IOException(
          "process " + pid + " did not " + (stopped ? "stop" : "continue") + " within 2s");
    }
  }

  /** The state letter after the command name in /proc/PID/stat: T or t means stopped. */
  private static boolean isStopped(Path stat) throws IOException {
    char state = state(stat);
    return state == 'T' || state == 't';
  }

  private static boolean isZombie(Path stat) throws IOException {
    return state(stat) == 'Z';
  }

  private static char state(Path stat) throws IOException {
    try {
      String text = Files.readString(stat);
      return text.charAt(text.lastIndexOf(')') + 2);
    } catch (java.nio.file.NoSuchFileException e) {
      return 'X';
    }
  }

  private static void send(String signal, long pid, boolean group) throws IOException {
    List<String> command = new ArrayList<>(List.of("kill", signal, "--"));
    if (group) {
      command.add("-" + pid);
    } else {
      ProcessHandle.of(pid).ifPresent(p -> command.add(Long.toString(p.pid())));
      ProcessHandle.of(pid).stream()
          .flatMap(ProcessHandle::descendants)
          .filter(ProcessHandle::isAlive)
          .forEach(p -> command.add(Long.toString(p.pid())));
      if (command.size() == 3) {
        return;
      }
    }
    if (SignalShell.INSTANCE.run(command) != 0 && groupAlive(pid, group)) {
      throw new IOException(String.join(" ", command) + " failed");
    }
  }

  /** Runs {@code kill(1)} as a process of its own: the fallback when the shell is not there. */
  static int spawn(List<String> command) throws IOException {
    Process kill =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      if (!kill.waitFor(5, TimeUnit.SECONDS)) {
        kill.destroyForcibly();
        throw new IOException(String.join(" ", command) + " did not finish within 5s");
      }
      return kill.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      // the signal is sent by now or never; wait for kill(1) itself without the interrupt
      try {
        kill.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException again) {
        Thread.currentThread().interrupt();
      }
      return kill.isAlive() ? -1 : kill.exitValue();
    }
  }
}
