package dev.firedrill.operator.web;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium, headless, one process per page: {@code --dump-dom} gives the DOM after the
 * page loaded, {@code --screenshot} a PNG, and with {@code --enable-logging=stderr} every console
 * message (a script's output, a Content-Security-Policy violation, a failed load) is a {@code
 * :CONSOLE} line on stderr.
 */
final class HeadlessChromium {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  record Page(int exit, String stdout, String stderr) {
    /** Console messages Chromium logged for the page. */
    List<String> console() {
      return stderr.lines().filter(l -> l.contains(":CONSOLE")).toList();
    }
  }

  private final Path work;

  HeadlessChromium(Path work) {
    this.work = work;
  }

  /** Fails under CI=true when Chromium is missing, else skips with how to install it. */
  static void require() {
    if (Files.isExecutable(CHROMIUM)) {
      return;
    }
    String how =
        "this test needs Chromium at "
            + CHROMIUM
            + "; install it with: apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install"
            + " -y --no-install-recommends chromium";
    if (System.getenv("CI") != null) {
      fail(how);
    }
    assumeTrue(false, how);
  }

  Page dumpDom(String url) throws Exception {
    return run("--dump-dom", url);
  }

  Page screenshot(Path png, String size, String url) throws Exception {
    return run(
        "--screenshot=" + png.toAbsolutePath(), "--window-size=" + size, "--hide-scrollbars", url);
  }

  private Page run(String... args) throws Exception {
    Path profile = Files.createTempDirectory(work, "chromium-profile");
    List<String> command =
        new ArrayList<>(
            List.of(
                CHROMIUM.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--enable-logging=stderr",
                "--v=0",
                "--user-data-dir=" + profile));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(work, "chromium", ".out");
    Path err = Files.createTempFile(work, "chromium", ".err");
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .start();
    if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      fail("chromium did not finish within " + TIMEOUT + ": " + Files.readString(err));
    }
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    return new Page(p.exitValue(), Files.readString(out), Files.readString(err));
  }
}
