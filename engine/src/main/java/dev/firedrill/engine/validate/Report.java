package dev.firedrill.engine.validate;

import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.nodes.Node;

/** Collects the problems of one file. */
final class Report {

  private final String file;
  private final List<Problem> problems = new ArrayList<>();

  Report(String file) {
    this.file = file;
  }

  String file() {
    return file;
  }

  void add(Node node, String path, String message, String fix) {
    add(Position.of(node), path, message, fix);
  }

  void add(Position at, String path, String message, String fix) {
    problems.add(new Problem(file, at.line(), at.column(), path, message, fix));
  }

  List<Problem> problems() {
    return problems;
  }

  int size() {
    return problems.size();
  }
}
