package dev.firedrill.check.checker;

import dev.firedrill.check.history.History;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs several checkers on one history; the verdict is the most severe of theirs: INVALID > UNKNOWN
 * > VALID. An empty composition is VALID (it asserts nothing).
 */
public record Compose(String name, List<Checker> checkers) implements Checker {

  public Compose {
    checkers = List.copyOf(checkers);
  }

  public static Compose of(Checker... checkers) {
    return new Compose("compose", List.of(checkers));
  }

  /** Every f its checkers read. */
  @Override
  public java.util.Set<String> reads() {
    java.util.Set<String> fs = new java.util.TreeSet<>();
    checkers.forEach(c -> fs.addAll(c.reads()));
    return fs;
  }

  @Override
  public Result check(History history) {
    List<Result> results = new ArrayList<>();
    Validity v = Validity.VALID;
    for (Checker c : checkers) {
      Result r = c.check(history);
      results.add(r);
      v = v.and(r.validity());
    }
    return new Result(name, v, List.of(), Map.of(), results);
  }
}
