package dev.firedrill.engine.validate;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/** A 1-based line and column in a drill file. */
record Position(int line, int column) {

  static final Position START = new Position(1, 1);

  static Position of(Node node) {
    return node == null ? START : of(node.getStartMark());
  }

  static Position of(Mark mark) {
    return mark == null ? START : new Position(mark.getLine() + 1, mark.getColumn() + 1);
  }
}
