package dev.firedrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * How {@code main} builds its command line: only the subcommand it runs when the first argument
 * names one, every subcommand otherwise — with the same exit codes and the same help either way.
 */
class FiredrillTest {

  @Test
  void everySubcommandIsListedUnderItsOwnNameInTheHelpOrder() {
    for (Map.Entry<String, Class<?>> entry : Firedrill.SUBCOMMANDS.entrySet()) {
      assertThat(entry.getValue().getAnnotation(Command.class).name()).isEqualTo(entry.getKey());
    }
    assertThat(Firedrill.commandLine().getSubcommands().keySet())
        .containsExactlyElementsOf(Firedrill.SUBCOMMANDS.keySet());
  }

  @Test
  void aNamedSubcommandIsTheOnlyOneBuilt() {
    CommandLine cli = Firedrill.commandLineFor(new String[] {"lint", "drills"});

    assertThat(cli.getSubcommands().keySet()).containsExactly("lint");
    assertThat(cli.getCommandSpec().exitCodeOnInvalidInput()).isEqualTo(Firedrill.CANNOT_RUN);
  }

  @Test
  void noSubcommandOrAnUnknownOneGetsThemAll() {
    assertThat(Firedrill.commandLineFor(new String[] {}).getSubcommands())
        .hasSize(Firedrill.SUBCOMMANDS.size());
    assertThat(Firedrill.commandLineFor(new String[] {"--help"}).getSubcommands())
        .hasSize(Firedrill.SUBCOMMANDS.size());
    assertThat(Firedrill.commandLineFor(new String[] {"lnt"}).getSubcommands())
        .hasSize(Firedrill.SUBCOMMANDS.size());
  }

  @Test
  void theOneSubcommandHelpsAndRefusesExactlyAsInTheFullCommandLine() {
    String[][] cases = {
      {"lint", "--help"}, {"lint"}, {"check", "--no-such-option"}, {"lnt"},
    };
    for (String[] args : cases) {
      StringWriter lazyOut = new StringWriter();
      StringWriter lazyErr = new StringWriter();
      int lazy =
          Firedrill.commandLineFor(args)
              .setOut(new PrintWriter(lazyOut))
              .setErr(new PrintWriter(lazyErr))
              .execute(args);
      StringWriter fullOut = new StringWriter();
      StringWriter fullErr = new StringWriter();
      int full =
          Firedrill.commandLine()
              .setOut(new PrintWriter(fullOut))
              .setErr(new PrintWriter(fullErr))
              .execute(args);

      assertThat(lazy).as(String.join(" ", args)).isEqualTo(full);
      assertThat(lazyOut.toString()).as(String.join(" ", args)).isEqualTo(fullOut.toString());
      assertThat(lazyErr.toString()).as(String.join(" ", args)).isEqualTo(fullErr.toString());
    }
  }

  @Test
  void everySubcommandsHelpIsItsUsageOnStandardOutputAndExitsZero() {
    for (String name : Firedrill.SUBCOMMANDS.keySet()) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code =
          Firedrill.commandLineFor(new String[] {name, "--help"})
              .setOut(new PrintWriter(out))
              .setErr(new PrintWriter(err))
              .execute(name, "--help");

      assertThat(code).as("%s --help", name).isZero();
      assertThat(out.toString()).as("%s --help", name).startsWith("Usage: firedrill " + name);
      assertThat(err.toString()).as("%s --help", name).isEmpty();
    }
  }
}
