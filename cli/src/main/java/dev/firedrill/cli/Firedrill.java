package dev.firedrill.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code firedrill} command. Each subcommand is a thin driver of the engine; exit codes are
 * fixed across the product: 0 pass, 1 an invariant failed or the drill aborted, 2 the drill could
 * not run (invalid input, unreachable target), 3 inconclusive.
 */
@Command(
    name = "firedrill",
    mixinStandardHelpOptions = true,
    versionProvider = Firedrill.Version.class,
    description =
        "Failure drills for services: attack a system, record a history, check invariants.",
    subcommands = {
      RunCommand.class,
      DemoCommand.class,
      LintCommand.class,
      CheckCommand.class,
      HealCommand.class,
      ReportCommand.class,
      ProxyCommand.class,
      ShopCommand.class,
      ReplayCommand.class
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  firedrill lint drills/                 validate every drill under drills/",
      "  firedrill lint drills/cascade.yaml     validate one drill file",
      "",
      "Exit codes: 0 pass, 1 invariant failed or aborted, 2 could not run (invalid input), 3 inconclusive."
    })
public final class Firedrill implements Runnable {

  /** Exit code when the drill passed. */
  public static final int PASS = 0;

  /** Exit code when an invariant failed or the drill aborted. */
  public static final int FAIL = 1;

  /** Exit code when the drill could not run: invalid input, unreachable target. */
  public static final int CANNOT_RUN = 2;

  /** Exit code when the verdict is inconclusive. */
  public static final int INCONCLUSIVE = 3;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    // The Kubernetes client logs through SLF4J, which has no provider here: the CLI prints its
    // own messages, so SLF4J's "no providers" notice is noise on every cluster command.
    System.setProperty("slf4j.internal.verbosity", "ERROR");
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, shared by {@link #main} and the tests. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Firedrill());
    // Usage errors (unknown option, missing file argument) are "could not run".
    cli.getCommandSpec().exitCodeOnInvalidInput(CANNOT_RUN);
    cli.getCommandSpec().exitCodeOnExecutionException(CANNOT_RUN);
    return cli;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Reads the version stamped into the jar at build time. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Firedrill.class.getPackage().getImplementationVersion();
      return new String[] {"firedrill " + (version == null ? "development build" : version)};
    }
  }
}
