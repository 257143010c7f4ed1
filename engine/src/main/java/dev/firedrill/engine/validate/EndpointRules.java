package dev.firedrill.engine.validate;

import dev.firedrill.engine.model.OperationMix;
import dev.firedrill.engine.model.RequestTemplate;
import dev.firedrill.engine.model.Workload;
import dev.firedrill.engine.model.WorkloadType;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where a workload's operations go and what they carry: {@code baseUrl} or {@code endpoints} (one
 * of the two, for the workload; at most one, for an operation), each endpoint a fixed http(s) URL
 * listed once; and the register generator's {@code mix} and {@code values}, which only register and
 * kv workloads (with cas, not append) use.
 */
final class EndpointRules {

  private static final java.util.regex.Pattern URL =
      java.util.regex.Pattern.compile("^https?://.+");

  private EndpointRules() {}

  static void check(RuleContext ctx, Workload workload) {
    if (workload.baseUrl() == null && workload.endpoints().isEmpty()) {
      ctx.problem(
          "workload.baseUrl",
          "the workload has no baseUrl: its requests have nowhere to go",
          "add baseUrl: http://localhost:8080, or endpoints: [http://host-1:2379,"
              + " http://host-2:2379] to spread operations over several members");
    }
    if (workload.baseUrl() != null && !workload.endpoints().isEmpty()) {
      ctx.problem(
          "workload.endpoints",
          "both baseUrl and endpoints are given: operations go to endpoints, so baseUrl would"
              + " be ignored",
          "list " + workload.baseUrl() + " in endpoints and remove baseUrl, or remove endpoints");
    }
    urls(ctx, "workload.endpoints", workload.endpoints());
    for (Map.Entry<String, RequestTemplate> op : new TreeMap<>(workload.operations()).entrySet()) {
      RequestTemplate t = op.getValue();
      String at = "workload.operations." + op.getKey();
      if (t.baseUrl() != null && !t.endpoints().isEmpty()) {
        ctx.problem(
            at + ".endpoints",
            "both baseUrl and endpoints are given for " + op.getKey(),
            "keep one: baseUrl for one service, endpoints for several members");
      }
      urls(ctx, at + ".endpoints", t.endpoints());
    }
    generator(ctx, workload);
  }

  private static void urls(RuleContext ctx, String at, List<String> urls) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < urls.size(); i++) {
      String url = urls.get(i);
      String here = at + "[" + i + "]";
      if (url == null || !URL.matcher(url).matches()) {
        ctx.problem(
            here,
            "'" + url + "' is not an http or https URL",
            "write it as http://host:port (a base URL; paths come from the operations)");
        continue;
      }
      TemplateRules.fixedUrl(ctx, here, url);
      if (!seen.add(url)) {
        ctx.problem(
            here,
            url + " is listed twice: it would get twice the share of operations",
            "list each member once");
      }
    }
  }

  /** mix and values: the register generator's, so only where it runs. */
  private static void generator(RuleContext ctx, Workload workload) {
    WorkloadType type = workload.type();
    boolean registers =
        type == WorkloadType.REGISTER
            || (type == WorkloadType.KV && !workload.operations().containsKey("append"));
    if (type == null || (workload.mix() == null && workload.values() == null)) {
      return;
    }
    if (!registers) {
      String field = workload.mix() != null ? "workload.mix" : "workload.values";
      ctx.problem(
          field,
          field.substring("workload.".length())
              + " applies to register and kv workloads (read, write, cas), not to a "
              + type.wireName()
              + (type == WorkloadType.KV ? " workload that maps append" : " workload"),
          "remove " + field);
      return;
    }
    OperationMix mix = workload.mix();
    if (mix == null) {
      return;
    }
    boolean cas = workload.operations().containsKey("cas");
    if (!cas && mix.cas() != null && mix.cas() > 0) {
      ctx.problem(
          "workload.mix.cas",
          "cas has weight " + mix.cas() + " but the workload maps no cas operation",
          "add workload.operations.cas, or remove mix.cas");
    }
    if (mix.readWeight() + mix.writeWeight() + mix.casWeight(cas) == 0) {
      ctx.problem(
          "workload.mix",
          "every weight is 0: the workload would issue no operation",
          "give read or write a weight above 0, e.g. read: 1");
    }
  }
}
