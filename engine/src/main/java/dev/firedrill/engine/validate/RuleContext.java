package dev.firedrill.engine.validate;

import dev.firedrill.engine.model.DrillSpec;
import java.util.Collection;
import java.util.Map;

/** What a cross-field rule needs: the drill, where its fields are, and where to report. */
record RuleContext(DrillSpec spec, String prefix, Map<String, Position> positions, Report report) {

  /** The full path of a field given relative to the spec, e.g. {@code faults[2].at}. */
  String path(String relative) {
    if (prefix.isEmpty()) {
      return relative;
    }
    return relative.isEmpty() ? prefix : prefix + "." + relative;
  }

  /** Reports a problem at the field (or its nearest written ancestor). */
  void problem(String relative, String message, String fix) {
    String full = path(relative);
    report.add(positionOf(full), full, message, fix);
  }

  /** Reports an unknown reference with a did-you-mean among {@code known}. */
  void unknownReference(
      String relative, String what, String name, Collection<String> known, String where) {
    String fix =
        Suggestions.closest(name, known)
            .map(s -> "did you mean '" + s + "'?")
            .orElse(
                known.isEmpty()
                    ? "declare it under " + where
                    : "use one of " + String.join(", ", known) + ", or declare it under " + where);
    problem(relative, "no " + what + " named '" + name + "' in " + where, fix);
  }

  private Position positionOf(String path) {
    String p = path;
    while (true) {
      Position at = positions.get(p);
      if (at != null) {
        return at;
      }
      int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
      if (cut <= 0) {
        return positions.getOrDefault(p.substring(0, Math.max(cut, 0)), Position.START);
      }
      p = p.substring(0, cut);
    }
  }
}
