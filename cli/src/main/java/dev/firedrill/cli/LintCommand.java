package dev.firedrill.cli;

import picocli.CommandLine.Command;

@Command(name = "lint")
final class LintCommand implements Runnable {
  @Override
  public void run() {}
}
