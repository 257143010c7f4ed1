package dev.firedrill.cli;

import dev.firedrill.engine.validate.DrillLoader;
import dev.firedrill.engine.validate.LoadResult;
import dev.firedrill.engine.validate.Problem;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code firedrill lint}: validates drill files; exit 0 when all are valid, 2 otherwise. */
@Command(
    name = "lint",
    mixinStandardHelpOptions = true,
    description = "Validate drill files and print every problem with its line, field and fix.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  firedrill lint drills/",
      "  firedrill lint drills/phantom-writes.yaml my-drill.yaml",
      "",
      "Problems print as file:line:col: path: message (fix: ...). Exit 0 valid, 2 invalid."
    })
final class LintCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(
      arity = "1..*",
      paramLabel = "FILE|DIR",
      description = "Drill files, or folders to search for .yaml/.yml files.")
  List<Path> paths;

  @Override
  public Integer call() {
    LoadResult result = new DrillLoader().load(paths);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    for (Problem problem : result.problems()) {
      err.println(problem.format());
    }
    long files = result.problems().stream().map(Problem::file).distinct().count();
    if (result.valid()) {
      out.printf("%d drill(s) valid%n", result.drills().size());
      out.flush();
      return Firedrill.PASS;
    }
    err.printf(
        "%d problem(s) in %d file(s); %d drill(s) valid%n",
        result.problems().size(), files, result.drills().size());
    err.flush();
    return Firedrill.CANNOT_RUN;
  }
}
