package dev.firedrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code firedrill run} and {@code heal} options that need no drill to be run. */
class RunOptionsTest {

  @Test
  void runHelpPrintsTheUsageAndNoError() {
    CliRun r = CliRun.of("run", "--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.err()).doesNotContain("Unknown option");
    assertThat(r.out()).startsWith("Usage: firedrill run").contains("--proxy-port=PORT");
  }

  @Test
  void healHelpPrintsTheUsageAndNoError() {
    CliRun r = CliRun.of("heal", "--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("Usage: firedrill heal").contains("RUN_DIR");
  }

  @Test
  void aProxyPortThatIsNoTcpPortIsRefusedWithExit2() {
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    java.io.PrintStream before = System.err;
    System.setErr(new java.io.PrintStream(err, true));
    int code;
    try {
      code = CliRun.of("run", "--proxy-port", "70000", "drill.yaml").exitCode();
    } finally {
      System.setErr(before);
    }
    assertThat(code).isEqualTo(Firedrill.CANNOT_RUN);
    assertThat(err.toString()).contains("--proxy-port 70000 is not a TCP port (fix:");
  }
}
