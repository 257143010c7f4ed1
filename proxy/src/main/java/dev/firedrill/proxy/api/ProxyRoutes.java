package dev.firedrill.proxy.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firedrill.proxy.link.Proxy;
import dev.firedrill.proxy.link.ProxyException;
import dev.firedrill.proxy.link.ProxyRegistry;
import dev.firedrill.proxy.link.ProxyRegistry.ProxyInput;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The proxy endpoints of Toxiproxy's API: index, create, populate, show, update, delete, reset. */
final class ProxyRoutes {
  private final ProxyRegistry registry;

  ProxyRoutes(ProxyRegistry registry) {
    this.registry = registry;
  }

  /** {@code GET /proxies}: an object keyed by proxy name. */
  Response index() {
    Map<String, Object> all = new LinkedHashMap<>();
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

  Response reset() throws ProxyException {
    registry.reset();
    return Response.noContent();
  }

  /**
   * {@code POST /populate}: 201 with {@code {"proxies": [...]}}; an error carries the error fields
   * and {@code "proxies": null}, as in Toxiproxy.
   */
  Response populate(JsonNode body) {
    try {
      List<Proxy> proxies = registry.populate(inputs(body));
      List<Object> shown = new ArrayList<>();
      proxies.forEach(proxy -> shown.add(Json.proxy(proxy)));
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("proxies", shown);
      return Response.created(json);
    } catch (ApiException e) {
      return populateError(e);
    } catch (ProxyException e) {
      return populateError(ApiException.of(e));
    }
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

  private static Response populateError(ApiException e) {
    Map<String, Object> json = Json.error(e);
    json.put("proxies", null);
    return new Response(e.status(), json);
  }
}
