package dev.firedrill.proxy.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firedrill.proxy.link.Proxy;
import dev.firedrill.proxy.link.ProxyException;
import dev.firedrill.proxy.link.ProxyRegistry;
import dev.firedrill.proxy.toxic.Stream;
import dev.firedrill.proxy.toxic.Toxic;
import dev.firedrill.proxy.toxic.ToxicSpec;
import dev.firedrill.proxy.toxic.ToxicTypes;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * The toxic endpoints. Create checks in Toxiproxy's order: body, stream, default name, type,
 * duplicate name, attributes; then our bounds (a deliberate difference: 400 where Toxiproxy accepts
 * negative or absurd values).
 */
final class ToxicRoutes {
  private final ProxyRegistry registry;

  ToxicRoutes(ProxyRegistry registry) {
    this.registry = registry;
  }

  /** {@code GET /proxies/{p}/toxics}: upstream toxics first. */
  Response index(String proxy) throws ProxyException {
    return Response.ok(Json.toxics(registry.get(proxy).toxics()));
  }

  /** {@code POST /proxies/{p}/toxics}: 200 (not 201) with the toxic, as in Toxiproxy. */
  Response create(String proxyName, JsonNode body) throws ApiException, ProxyException {
    Proxy proxy = registry.get(proxyName);
    Json.requireObject(body, "toxics.ToxicWrapper");
    String type = Json.string(body, "type", "", "ToxicWrapper");
    String streamName = Json.string(body, "stream", "downstream", "ToxicWrapper");
    String name = Json.string(body, "name", "", "ToxicWrapper");
    double toxicity = Json.number(body, "toxicity", 1.0, "ToxicWrapper");
    Stream stream = Stream.parse(streamName.toLowerCase(Locale.ROOT));
    if (stream == null) {
      throw new ApiException(400, "stream was invalid, can be either upstream or downstream");
    }
    if (name.isEmpty()) {
      name = type + "_" + streamName;
    }
    if (!ToxicTypes.known(type)) {
      throw new ApiException(400, "invalid toxic type");
    }
    if (proxy.toxic(name) != null) {
      throw new ApiException(409, "toxic already exists");
    }
    Map<String, Long> attributes = overlay(ToxicTypes.zeroAttributes(type), body);
    ToxicSpec spec = build(name, stream, toxicity, type, attributes);
    proxy.addToxic(spec);
    return Response.ok(Json.toxic(spec));
  }

  Response show(String proxyName, String toxicName) throws ApiException, ProxyException {
    ToxicSpec spec = registry.get(proxyName).toxic(toxicName);
    if (spec == null) {
      throw new ApiException(404, "toxic not found");
    }
    return Response.ok(Json.toxic(spec));
  }

  /** {@code PATCH}/{@code POST}: only attributes and toxicity change; absent ones are kept. */
  Response update(String proxyName, String toxicName, JsonNode body)
      throws ApiException, ProxyException {
    Proxy proxy = registry.get(proxyName);
    ToxicSpec old = proxy.toxic(toxicName);
    if (old == null) {
      throw new ApiException(404, "toxic not found");
    }
    Json.requireObject(body, "struct { Attributes interface {}; Toxicity float32 }");
    double toxicity = Json.number(body, "toxicity", old.toxicity(), "");
    Map<String, Long> attributes = overlay(ToxicTypes.attributesOf(old.toxic()), body);
    ToxicSpec checked = build(old.name(), old.stream(), toxicity, old.type(), attributes);
    return Response.ok(Json.toxic(proxy.updateToxic(toxicName, checked.toxic(), toxicity)));
  }

  Response delete(String proxyName, String toxicName) throws ProxyException {
    registry.get(proxyName).removeToxic(toxicName);
    return Response.noContent();
  }

  private static Map<String, Long> overlay(Map<String, Long> base, JsonNode body)
      throws ApiException {
    JsonNode attributes = body.get("attributes");
    if (attributes == null || attributes.isNull()) {
      return base;
    }
    if (!attributes.isObject()) {
      throw ApiException.badBody(
          "json: cannot unmarshal " + Json.kind(attributes) + " into Go struct field attributes");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = attributes.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (base.containsKey(field.getKey()) && !field.getValue().isNull()) {
        base.put(field.getKey(), Json.integer(field.getValue(), field.getKey()));
      }
    }
    return base;
  }

  private static ToxicSpec build(
      String name, Stream stream, double toxicity, String type, Map<String, Long> attributes)
      throws ApiException {
    try {
      Toxic toxic = ToxicTypes.create(type, attributes);
      return new ToxicSpec(name, stream, toxicity, toxic);
    } catch (IllegalArgumentException e) {
      throw ApiException.badBody(e.getMessage());
    }
  }
}
