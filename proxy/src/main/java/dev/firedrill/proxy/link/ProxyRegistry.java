package dev.firedrill.proxy.link;

import dev.firedrill.proxy.link.ProxyException.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every proxy of one server, by name. All methods are synchronized: the API is low-rate. */
public final class ProxyRegistry {

  /** What a client asked for when creating or populating a proxy. */
  public record ProxyInput(String name, String listen, String upstream, boolean enabled) {}

  private final Map<String, Proxy> proxies = new LinkedHashMap<>();
  private final LinkRuntime runtime;

  public ProxyRegistry(LinkRuntime runtime) {
    this.runtime = runtime;
  }

  public synchronized List<Proxy> all() {
    return new ArrayList<>(proxies.values());
  }

  public synchronized Proxy get(String name) throws ProxyException {
    Proxy proxy = proxies.get(name);
    if (proxy == null) {
      throw new ProxyException(Kind.NOT_FOUND, "proxy not found");
    }
    return proxy;
  }

  /** Creates a proxy and, if enabled, starts it; nothing is added when listening fails. */
  public synchronized Proxy add(ProxyInput input) throws ProxyException {
    if (proxies.containsKey(input.name())) {
      throw new ProxyException(Kind.CONFLICT, "proxy already exists");
    }
    Proxy proxy = new Proxy(input.name(), input.listen(), input.upstream(), runtime);
    if (input.enabled()) {
      proxy.start();
    }
    proxies.put(input.name(), proxy);
    return proxy;
  }

  public synchronized void remove(String name) throws ProxyException {
    get(name).stop();
    proxies.remove(name);
  }

  /**
   * Creates or replaces each proxy, as Toxiproxy's populate: a proxy with the same name and
   * addresses is kept (with its toxics and connections) and only enabled or disabled; one with
   * other addresses is stopped and replaced. Input is checked whole before anything changes.
   */
  public synchronized List<Proxy> populate(List<ProxyInput> inputs) throws ProxyException {
    List<String> seen = new ArrayList<>();
    for (ProxyInput input : inputs) {
      if (seen.contains(input.name())) {
        throw new ProxyException(Kind.BAD_INPUT, "duplicate proxy name \"" + input.name() + "\"");
      }
      seen.add(input.name());
    }
    List<Proxy> result = new ArrayList<>();
    for (ProxyInput input : inputs) {
      Proxy existing = proxies.get(input.name());
      if (existing != null
          && existing.listen().equals(input.listen())
          && existing.upstream().equals(input.upstream())) {
        existing.update(existing.listen(), existing.upstream(), input.enabled());
        result.add(existing);
        continue;
      }
      if (existing != null) {
        existing.stop();
        proxies.remove(input.name());
      }
      result.add(add(input));
    }
    return result;
  }

  /** Enables every proxy and removes every toxic. */
  public synchronized void reset() throws ProxyException {
    for (Proxy proxy : proxies.values()) {
      proxy.start();
      proxy.resetToxics();
    }
  }

  /** Stops every proxy: listeners and connections. */
  public synchronized void stopAll() {
    proxies.values().forEach(Proxy::stop);
  }
}
