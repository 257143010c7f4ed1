package dev.firedrill.proxy.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firedrill.proxy.link.Proxy;
import dev.firedrill.proxy.link.ProxyException;
import dev.firedrill.proxy.link.ProxyRegistry;
import dev.firedrill.proxy.link.ProxyRegistry.Failure;
import dev.firedrill.proxy.link.ProxyRegistry.Populated;
import dev.firedrill.proxy.link.ProxyRegistry.ProxyInput;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The proxy endpoints of Toxiproxy's API: index, create, populate, show, update, delete, reset. */
final class ProxyRoutes {
  private final ProxyRegistry registry;

  ProxyRoutes(ProxyRegistry registry) {
    this.registry = registry;
  }

  /**
   * {@code GET /proxies}: an object keyed by proxy name, sorted by name (by code point, which is
   * the byte order of UTF-8) as Go's JSON encoder sorts map keys.
   */
  Response index() {
    Map<String, Object> all = new TreeMap<>(ProxyRoutes::compareCodePoints);
    registry.all().forEach(proxy -> all.put(proxy.name(), Json.proxy(proxy)));
    return Response.ok(all);
  }

  /** {@code POST /proxies}: 201 with the proxy, enabled unless the body says otherwise. */
  Response create(JsonNode body) throws ApiException, ProxyException {
    ProxyInput input = input(body, 0);
    return Response.created(Json.proxy(registry.add(input)));
  }

  Response show(String name) throws ProxyException {
    return Response.ok(Json.proxy(registry.get(name)));
  }

  /** {@code PATCH} (or the older {@code POST}) {@code /proxies/{name}}: absent fields unchanged. */
  Response update(String name, JsonNode body) throws ApiException, ProxyException {
    Proxy proxy = registry.get(name);
    Json.requireObject(body, "toxiproxy.Proxy");
    String listen = Json.string(body, "listen", proxy.listen(), "Proxy");
    String upstream = Json.string(body, "upstream", proxy.upstream(), "Proxy");
    boolean enabled = Json.bool(body, "enabled", proxy.enabled(), "Proxy");
    proxy.update(listen, upstream, enabled);
    return Response.ok(Json.proxy(proxy));
  }

  Response delete(String name) throws ProxyException {
    registry.remove(name);
    return Response.noContent();
  }

  /**
   * {@code POST /reset}: 204 once every proxy is enabled and every toxic removed. A proxy that
   * cannot listen again does not stop the others; the answer then lists every failure ({@link
   * #failures}).
   */
  Response reset() {
    List<Failure> failures = registry.reset();
    return failures.isEmpty() ? Response.noContent() : Response.error(failures(failures));
  }

  /**
   * {@code POST /populate}: 201 with {@code {"proxies": [...]}}. Input that is not valid changes
   * nothing and answers the error with {@code "proxies": null}; proxies that cannot listen do not
   * stop the others, and the answer carries the error ({@link #failures}) and the proxies that were
   * created or kept ({@code null} when none was), as Toxiproxy carries those created before its
   * first failure.
   */
  Response populate(JsonNode body) {
    Populated result;
    try {
      result = registry.populate(inputs(body));
    } catch (ApiException e) {
      return populateError(e, null);
    } catch (ProxyException e) {
      return populateError(ApiException.of(e), null);
    }
    List<Object> shown = new ArrayList<>();
    result.proxies().forEach(proxy -> shown.add(Json.proxy(proxy)));
    if (!result.failures().isEmpty()) {
      return populateError(failures(result.failures()), shown.isEmpty() ? null : shown);
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("proxies", shown);
    return Response.created(json);
  }

  /**
   * One error for every failure: with one failure its own message and status, so that the answer is
   * Toxiproxy's; with several, {@code proxy <name>: <message>} joined by {@code "; "} and the first
   * one's status. Each failure is also listed under {@code "errors"}.
   */
  private static ApiException failures(List<Failure> failures) {
    List<Map<String, Object>> each = new ArrayList<>();
    StringBuilder joined = new StringBuilder();
    for (Failure failure : failures) {
      ApiException api = ApiException.of(failure.error());
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("proxy", failure.proxy());
      entry.put("error", api.getMessage());
      entry.put("status", api.status());
      each.add(entry);
      joined.append(joined.isEmpty() ? "" : "; ").append("proxy ").append(failure.proxy());
      joined.append(": ").append(api.getMessage());
    }
    ApiException first = ApiException.of(failures.get(0).error());
    String message = failures.size() == 1 ? first.getMessage() : joined.toString();
    return new ApiException(first.status(), message, each);
  }

  /** Reads a populate body or a {@code --config} file: a JSON array of proxies. */
  static List<ProxyInput> inputs(JsonNode body) throws ApiException {
    if (!body.isArray()) {
      throw ApiException.badBody(
          "json: cannot unmarshal " + Json.kind(body) + " into Go value of type []toxiproxy.Proxy");
    }
    List<ProxyInput> inputs = new ArrayList<>();
    for (int i = 0; i < body.size(); i++) {
      inputs.add(input(body.get(i), i + 1));
    }
    return inputs;
  }

  /** One proxy; {@code position} is 1-based in a populate list, 0 for a single create. */
  private static ProxyInput input(JsonNode body, int position) throws ApiException {
    Json.requireObject(body, "toxiproxy.Proxy");
    String at = position == 0 ? "" : " at proxy " + position;
    String name = Json.string(body, "name", "", "Proxy");
    String listen = Json.string(body, "listen", "", "Proxy");
    String upstream = Json.string(body, "upstream", "", "Proxy");
    boolean enabled = Json.bool(body, "enabled", true, "Proxy");
    if (name.isEmpty()) {
      throw ApiException.missingField("name" + at);
    }
    if (upstream.isEmpty()) {
      throw ApiException.missingField("upstream" + at);
    }
    return new ProxyInput(name, listen, upstream, enabled);
  }

  private static Response populateError(ApiException e, List<Object> proxies) {
    Map<String, Object> json = Json.error(e);
    json.put("proxies", proxies);
    return new Response(e.status(), json, false);
  }

  private static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int x = a.codePointAt(i);
      int y = b.codePointAt(j);
      if (x != y) {
        return Integer.compare(x, y);
      }
      i += Character.charCount(x);
      j += Character.charCount(y);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
