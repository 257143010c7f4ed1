package dev.firedrill.engine.validate;

import dev.firedrill.engine.model.DrillSpec;
import dev.firedrill.engine.model.Partition;
import dev.firedrill.engine.model.ProxySpec;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules of a partition: it names {@code proxies} or {@code between}, not both nor neither; the
 * groups of {@code between} are two or more, disjoint, of declared processes, each process reached
 * by at least one declared link (a proxy whose upstream port it declares), and the links are the
 * embedded proxy's (only it tells which process dialed a connection).
 */
final class PartitionRules {

  private PartitionRules() {}

  static void check(RuleContext ctx, String base, Partition p) {
    if (p.proxies().isEmpty() == p.between().isEmpty()) {
      ctx.problem(
          base,
          p.proxies().isEmpty()
              ? "a partition names no proxies and no groups"
              : "a partition names both proxies and between",
          "give proxies: [names] (cut whole links) or between: [[e1, e2], [e3]] (cut groups of"
              + " processes from each other)");
      return;
    }
    if (!p.isBetween()) {
      return;
    }
    DrillSpec spec = ctx.spec();
    if (spec.toxiproxy() != null && spec.toxiproxy().url() != null) {
      ctx.problem(
          base + ".between",
          "a partition between groups needs the embedded proxy, which tells which process dialed"
              + " each connection; this drill names toxiproxy.url",
          "remove toxiproxy.url (the run starts the embedded proxy), or cut whole proxies");
    }
    if (p.between().size() < 2) {
      ctx.problem(
          base + ".between",
          "a partition between groups needs two groups or more, got " + p.between().size(),
          "list the sides, e.g. between: [[e1, e2], [e3]]");
    }
    Set<String> seen = new HashSet<>();
    for (int g = 0; g < p.between().size(); g++) {
      List<String> group = p.between().get(g);
      String at = base + ".between[" + g + "]";
      if (group.isEmpty()) {
        ctx.problem(at, "an empty group", "name at least one process in each group");
      }
      TimelineRules.processes(ctx, at, group);
      for (int i = 0; i < group.size(); i++) {
        String name = group.get(i);
        if (!seen.add(name)) {
          ctx.problem(
              at + "[" + i + "]",
              "process " + name + " is in more than one group",
              "put each process in one group");
        } else if (spec.toxiproxy() != null && !reached(spec, name)) {
          ctx.problem(
              at + "[" + i + "]",
              "no proxy leads into process " + name + ", so nothing can cut it off",
              "declare its peer port in ports and route its peers through a proxy whose upstream"
                  + " is that port (its peers dial the proxy's listen)");
        }
      }
    }
  }

  private static boolean reached(DrillSpec spec, String process) {
    for (ProxySpec link : spec.toxiproxy().proxies()) {
      if (process.equals(Partition.leadsInto(spec, link))) {
        return true;
      }
    }
    return false;
  }
}
