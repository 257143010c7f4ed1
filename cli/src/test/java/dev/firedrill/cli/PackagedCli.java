package dev.firedrill.cli;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The packaged CLI ({@code target/firedrill-cli.jar}) run as a process, as a user runs it. */
final class PackagedCli {

  static final Path JAR = Path.of("target", "firedrill-cli.jar").toAbsolutePath();
  private static final Duration TIMEOUT = Duration.ofMinutes(3);

  record Result(int exit, String out, String err) {}

  private PackagedCli() {}

  /** Runs {@code firedrill args...} in {@code dir}; fails the test after three minutes. */
  static Result run(Path dir, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(Arrays.asList(args));
    Path out = Files.createTempFile("firedrill", ".out");
    Path err = Files.createTempFile("firedrill", ".err");
    try {
      Process p =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .start();
      if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        fail(
            String.join(" ", args)
                + " did not end within "
                + TIMEOUT
                + ":\n"
                + Files.readString(out));
      }
      return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
