package dev.firedrill.engine.fault.local;

import dev.firedrill.engine.model.LocalProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One start of a local process: launched in a session and process group of its own through {@code
 * setsid} where there is one (so its pid is its group's id, and a terminal's Ctrl-C does not reach
 * it), its output appended to {@code <logs>/<name>.log}, {@code ${java}} and {@code {{runDir}}}
 * replaced in its arguments and environment values.
 */
final class Incarnation {

  /** In a command, {@value} stands for the java binary running Firedrill (a JDK 21+). */
  static final String JAVA = "${java}";

  /** In a command or an environment value, {@value} stands for the run directory (absolute). */
  static final String RUN_DIR = "{{runDir}}";

  private static final Path SETSID = Path.of("/usr/bin/setsid");

  final Process process;
  final boolean group;
  volatile boolean expected; // we kill or stop it: its exit is no news
  volatile boolean ready;

  private Incarnation(Process process, boolean group) {
    this.process = process;
    this.group = group;
  }

  long pid() {
    return process.pid();
  }

  /**
   * Starts {@code p}.
   *
   * @param workingDir where a relative {@code workingDir} resolves
   * @param logs {@code <runDir>/logs}; its parent is what {@value #RUN_DIR} stands for
   * @param extraEnv added over the process's own environment
   */
  static Incarnation launch(
      LocalProcess p, Path workingDir, Path logs, Map<String, String> extraEnv) throws IOException {
    Files.createDirectories(logs);
    Path dir = p.workingDir() == null ? workingDir : workingDir.resolve(p.workingDir());
    String runDir = logs.toAbsolutePath().getParent().toString();
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>();
    boolean group = Files.isExecutable(SETSID);
    if (group) {
      command.add(SETSID.toString()); // execs the command in a new session: pid = pgid
    }
    p.command().stream()
        .map(a -> a.replace(JAVA, java).replace(RUN_DIR, runDir))
        .forEach(command::add);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(logs.resolve(p.name() + ".log").toFile()));
    p.env().forEach((k, v) -> builder.environment().put(k, v.replace(RUN_DIR, runDir)));
    builder.environment().putAll(extraEnv);
    return new Incarnation(builder.start(), group);
  }
}
