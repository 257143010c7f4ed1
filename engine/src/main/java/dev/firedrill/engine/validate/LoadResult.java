package dev.firedrill.engine.validate;

import java.util.List;

/** What loading one or more drill files gave: the valid drills and every problem found. */
public record LoadResult(List<LoadedDrill> drills, List<Problem> problems) {

  public LoadResult {
    drills = List.copyOf(drills);
    problems = problems.stream().sorted(Problem.BY_POSITION).toList();
  }

  /** True when no file had a problem. */
  public boolean valid() {
    return problems.isEmpty();
  }
}
