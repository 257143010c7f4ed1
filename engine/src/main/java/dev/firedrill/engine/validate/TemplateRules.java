package dev.firedrill.engine.validate;

import dev.firedrill.engine.model.RequestTemplate;
import dev.firedrill.engine.model.WorkloadType;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The rules of a request template (one workload operation) and of the URLs used as written. A
 * placeholder is refused where it can never be filled in: outside path, query values, header
 * values, form values and the JSON body (in a base URL, a probe's URL, an extract pointer, a
 * header, parameter or field name), and where the operation never binds it ({@link #bound}); each
 * problem names the field and the fix.
 */
final class TemplateRules {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^}]*?)\\s*}}");
  private static final Pattern STATUS_KEY = Pattern.compile("^[1-5]([0-9]{2}|xx)$");

  /** Which operation binds each placeholder that not every operation binds. */
  private static final Map<String, String> OWNER =
      Map.of(
          "seq", "an events append",
          "from", "a bank transfer",
          "to", "a bank transfer",
          "amount", "a bank transfer",
          "expected", "a register or kv cas");

  private TemplateRules() {}

  /**
   * The placeholders an operation's request is rendered with (what the workload's generator binds
   * for it); any other placeholder renders as the empty string. Every operation binds {@code key},
   * {@code value}, {@code idempotencyKey} and {@code process}.
   */
  static Set<String> bound(WorkloadType type, String operation) {
    Set<String> names = new TreeSet<>(Set.of("key", "value", "idempotencyKey", "process"));
    switch (type) {
      case EVENTS -> {
        if (operation.equals("append")) {
          names.add("seq");
        }
      }
      case BANK -> {
        if (operation.equals("transfer")) {
          names.addAll(Set.of("from", "to", "amount"));
        }
      }
      case REGISTER, KV -> {
        if (operation.equals("cas")) {
          names.add("expected");
        }
      }
      default -> {}
    }
    return names;
  }

  /** A URL that is used as written: a placeholder in it is never filled in. */
  static void fixedUrl(RuleContext ctx, String at, String url) {
    if (url == null) {
      return;
    }
    Matcher m = PLACEHOLDER.matcher(url);
    if (m.find()) {
      ctx.problem(
          at,
          "{{"
              + m.group(1)
              + "}} is never filled in here: a URL is used as written, so every"
              + " request to it fails to build",
          "write a fixed URL such as http://localhost:8080, and put placeholders in an"
              + " operation's path (path: /items/{{key}}) or query");
    }
  }

  /** A field whose text is used as written (a name, a pointer): no placeholder is filled in. */
  private static void unfilled(RuleContext ctx, String at, String text, String what) {
    if (text == null) {
      return;
    }
    Matcher m = PLACEHOLDER.matcher(text);
    if (m.find()) {
      ctx.problem(
          at,
          "{{" + m.group(1) + "}} is never filled in " + what,
          "placeholders are filled in path, query and form values, header values and json;"
              + " write this one without");
    }
  }

  static void template(RuleContext ctx, String at, RequestTemplate t, Set<String> bound) {
    if (t.path() == null) {
      ctx.problem(at, "the operation has no path", "add path: /items/{{key}}");
    }
    if (t.json() != null && !t.form().isEmpty()) {
      ctx.problem(at, "both json and form bodies are given", "keep one of json and form");
    }
    fixedUrl(ctx, at + ".baseUrl", t.baseUrl());
    unfilled(ctx, at + ".extract", t.extract(), "an extract pointer: it is read as written");
    String operation = at.substring(at.lastIndexOf('.') + 1);
    placeholders(ctx, at + ".path", t.path(), operation, bound);
    placeholders(ctx, at + ".json", t.json(), operation, bound);
    t.query()
        .forEach((k, v) -> {
          String q = StructureCheck.join(at + ".query", k);
          unfilled(ctx, q, k, "a query parameter's name");
          placeholders(ctx, q, v, operation, bound);
        });
    t.headers()
        .forEach((k, v) -> {
          String h = StructureCheck.join(at + ".headers", k);
          unfilled(ctx, h, k, "a header's name");
          placeholders(ctx, h, v, operation, bound);
        });
    t.form()
        .forEach((k, v) -> {
          String f = StructureCheck.join(at + ".form", k);
          unfilled(ctx, f, k, "a form field's name");
          placeholders(ctx, f, v, operation, bound);
        });
    for (String code : new TreeSet<>(t.status().keySet())) {
      if (!STATUS_KEY.matcher(code).matches()) {
        ctx.problem(
            StructureCheck.join(at + ".status", code),
            "'" + code + "' is not a status code or class",
            "use a code such as \"404\" or a class such as \"5xx\"");
      }
    }
  }

  private static void placeholders(
      RuleContext ctx, String at, String text, String operation, Set<String> bound) {
    if (text == null) {
      return;
    }
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      String name = m.group(1);
      if (RequestTemplate.PLACEHOLDERS.contains(name) && !bound.contains(name)) {
        ctx.problem(
            at,
            "{{" + name + "}} is never filled in for " + operation + ": it would render empty",
            "use "
                + bound.stream().map(p -> "{{" + p + "}}").collect(Collectors.joining(", "))
                + " here ({{"
                + name
                + "}} is filled in for "
                + OWNER.getOrDefault(name, "another operation")
                + ")");
      } else if (!RequestTemplate.PLACEHOLDERS.contains(name)) {
        String fix =
            Suggestions.closest(name, RequestTemplate.PLACEHOLDERS)
                .map(s -> "did you mean {{" + s + "}}?")
                .orElse(
                    "use one of "
                        + new TreeSet<>(RequestTemplate.PLACEHOLDERS)
                            .stream().map(p -> "{{" + p + "}}").collect(Collectors.joining(", ")));
        ctx.problem(at, "unknown placeholder {{" + name + "}}", fix);
      }
    }
  }
}
