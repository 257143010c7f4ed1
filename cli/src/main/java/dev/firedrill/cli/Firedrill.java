package dev.firedrill.cli;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  /**
   * The subcommands by their {@code @Command} name, in the order {@code firedrill --help} lists
   * them ({@code FiredrillTest} checks the names against the annotations).
   */
  static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    // The Kubernetes client logs through SLF4J, which has no provider here: the CLI prints its
    // own messages, so SLF4J's "no providers" notice is noise on every cluster command.
    System.setProperty("slf4j.internal.verbosity", "ERROR");
    System.exit(commandLineFor(args).execute(args));
  }

  /** The configured command line with every subcommand, shared by the tests and the training. */
  public static CommandLine commandLine() {
    return commandLine(SUBCOMMANDS.keySet());
  }

  /**
   * The command line {@link #main} runs {@code args} with: when the first argument names a
   * subcommand, that subcommand only (its own options and parameters are all that parsing and its
   * help need), else every one (the top-level help, and a usage error with its "did you mean").
   * picocli builds the model of each subcommand it is given by reflection, and instantiates it, at
   * every start: for {@code lint} or {@code check}, eight models built for nothing.
   */
  static CommandLine commandLineFor(String[] args) {
    if (args.length > 0 && SUBCOMMANDS.containsKey(args[0])) {
      return commandLine(List.of(args[0]));
    }
    return commandLine();
  }

  private static CommandLine commandLine(Collection<String> names) {
    CommandLine cli = new CommandLine(new Firedrill());
    for (String name : names) {
      cli.addSubcommand(name, SUBCOMMANDS.get(name));
    }
    // Usage errors (unknown option, missing file argument) are "could not run".
    cli.getCommandSpec().exitCodeOnInvalidInput(CANNOT_RUN);
    cli.getCommandSpec().exitCodeOnExecutionException(CANNOT_RUN);
    return cli;
  }

  private static Map<String, Class<?>> subcommands() {
    Map<String, Class<?>> all = new LinkedHashMap<>();
    all.put("run", RunCommand.class);
    all.put("demo", DemoCommand.class);
    all.put("lint", LintCommand.class);
    all.put("check", CheckCommand.class);
    all.put("heal", HealCommand.class);
    all.put("report", ReportCommand.class);
    all.put("proxy", ProxyCommand.class);
    all.put("shop", ShopCommand.class);
    all.put("replay", ReplayCommand.class);
    return Collections.unmodifiableMap(all);
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
