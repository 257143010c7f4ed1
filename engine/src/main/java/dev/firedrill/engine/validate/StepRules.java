package dev.firedrill.engine.validate;

import dev.firedrill.engine.model.CommandStep;
import dev.firedrill.engine.model.HttpStep;
import dev.firedrill.engine.model.StepSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The rules of {@code setup} and {@code teardown}: each step is an HTTP call or a command (exactly
 * one), names are unique in their list, only the step placeholders ({@code {{runDir}}}, {@code
 * {{runId}}}, {@code {{seed}}}) appear, and expected statuses are HTTP statuses. Field shapes (URL,
 * method, timeout, exit code range) are the structure check's.
 */
final class StepRules {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^}]*)}}");

  private StepRules() {}

  static void check(RuleContext ctx) {
    steps(ctx, "setup", ctx.spec().setup());
    steps(ctx, "teardown", ctx.spec().teardown());
  }

  private static void steps(RuleContext ctx, String list, List<StepSpec> steps) {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < steps.size(); i++) {
      StepSpec s = steps.get(i);
      String at = list + "[" + i + "]";
      if (s.name() != null && !names.add(s.name())) {
        ctx.problem(
            at + ".name",
            "another " + list + " step is also named '" + s.name() + "'",
            "give each " + list + " step its own name");
      }
      if (s.http() == null && s.command() == null) {
        ctx.problem(
            at,
            "the step does nothing",
            "add exactly one of http (a call: url, method, ...) or command (argv: [...])");
      } else if (s.http() != null && s.command() != null) {
        ctx.problem(
            at,
            "the step has both http and command; a step does one thing",
            "split it into two steps, one with http and one with command");
      } else if (s.http() != null) {
        http(ctx, at + ".http", s.http());
      } else {
        command(ctx, at + ".command", s.command());
      }
    }
  }

  private static void http(RuleContext ctx, String at, HttpStep h) {
    placeholders(ctx, at + ".url", h.url());
    placeholders(ctx, at + ".body", h.body());
    h.headers().forEach((k, v) -> placeholders(ctx, StructureCheck.join(at + ".headers", k), v));
    for (int i = 0; i < h.expectStatus().size(); i++) {
      Integer code = h.expectStatus().get(i);
      if (code == null || code < 100 || code > 599) {
        ctx.problem(
            at + ".expectStatus[" + i + "]",
            code + " is not an HTTP status",
            "use statuses from 100 to 599, e.g. [200, 404]");
      }
    }
    if (h.body() != null && ("GET".equals(h.method()) || "HEAD".equals(h.method()))) {
      ctx.problem(
          at + ".body",
          "a " + h.method() + " request carries no body",
          "use method POST, PUT, PATCH or DELETE, or drop the body");
    }
  }

  private static void command(RuleContext ctx, String at, CommandStep c) {
    for (int i = 0; i < c.argv().size(); i++) {
      placeholders(ctx, at + ".argv[" + i + "]", c.argv().get(i));
    }
    placeholders(ctx, at + ".workingDir", c.workingDir());
    c.env().forEach((k, v) -> placeholders(ctx, StructureCheck.join(at + ".env", k), v));
  }

  private static void placeholders(RuleContext ctx, String at, String text) {
    if (text == null) {
      return;
    }
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      String name = m.group(1);
      if (StepSpec.PLACEHOLDERS.contains(name)) {
        continue;
      }
      String fix =
          Suggestions.closest(name.strip(), StepSpec.PLACEHOLDERS)
              .map(s -> "did you mean {{" + s + "}}?")
              .orElse(
                  "a step may use "
                      + new TreeSet<>(StepSpec.PLACEHOLDERS)
                          .stream().map(p -> "{{" + p + "}}").collect(Collectors.joining(", "))
                      + " and ${java}");
      ctx.problem(at, "unknown placeholder {{" + name + "}} in a step", fix);
    }
  }
}
