package dev.firedrill.proxy.link;

import dev.firedrill.proxy.link.ProxyException.Kind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Every proxy of one server, by name. All methods are synchronized: the API is low-rate. */
public final class ProxyRegistry {

  /** What a client asked for when creating or populating a proxy. */
  public record ProxyInput(String name, String listen, String upstream, boolean enabled) {}

  /** One proxy that {@link #populate} or {@link #reset} could not bring up, and why. */
  public record Failure(String proxy, ProxyException error) {}

  /**
   * What {@link #populate} did: the proxies it created or kept, in input order, and every one it
   * could not (empty when all went well).
   */
  public record Populated(List<Proxy> proxies, List<Failure> failures) {}

  private final Map<String, Proxy> proxies = new LinkedHashMap<>();
  private final LinkRuntime runtime;

  public ProxyRegistry(LinkRuntime runtime) {
    this.runtime = runtime;
  }

  /** Every proxy, in creation order. */
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
    PathNames.check("proxy", input.name(), "");
    if (proxies.containsKey(input.name())) {
      throw new ProxyException(Kind.CONFLICT, "proxy already exists");
    }
    return create(input);
  }

  public synchronized void remove(String name) throws ProxyException {
    get(name).stop();
    proxies.remove(name);
  }

  /**
   * Creates or replaces each proxy, as Toxiproxy's populate: a proxy with the same name and
   * addresses (the listen address compared once resolved) is kept as it is, with its toxics, its
   * connections and its {@code enabled}; one with other addresses is stopped and replaced. Input is
   * checked whole before anything changes (names, duplicates); after that every proxy is tried, and
   * each one that cannot be brought up is reported, where Toxiproxy stops at the first. A
   * replacement that cannot listen leaves the old proxy in place, stopped, as in Toxiproxy.
   */
  public synchronized Populated populate(List<ProxyInput> inputs) throws ProxyException {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < inputs.size(); i++) {
      ProxyInput input = inputs.get(i);
      PathNames.check("proxy", input.name(), " at proxy " + (i + 1));
      if (!seen.add(input.name())) {
        throw new ProxyException(Kind.BAD_INPUT, "duplicate proxy name \"" + input.name() + "\"");
      }
    }
    List<Proxy> done = new ArrayList<>();
    List<Failure> failures = new ArrayList<>();
    for (ProxyInput input : inputs) {
      try {
        done.add(addOrReplace(input));
      } catch (ProxyException e) {
        failures.add(new Failure(input.name(), e));
      }
    }
    return new Populated(done, failures);
  }

  private Proxy addOrReplace(ProxyInput input) throws ProxyException {
    Proxy existing = proxies.get(input.name());
    if (existing == null) {
      return create(input);
    }
    if (!existing.differs(input.listen(), input.upstream())) {
      return existing;
    }
    existing.stop();
    return create(input);
  }

  private Proxy create(ProxyInput input) throws ProxyException {
    Proxy proxy = new Proxy(input.name(), input.listen(), input.upstream(), runtime);
    if (input.enabled()) {
      proxy.start();
    }
    proxies.put(input.name(), proxy);
    return proxy;
  }

  /**
   * Enables every proxy and removes every toxic. Every proxy is tried: the toxics go even where
   * listening again fails, and each failure is returned (empty when all went well), where Toxiproxy
   * stops at the first.
   */
  public synchronized List<Failure> reset() {
    List<Failure> failures = new ArrayList<>();
    for (Proxy proxy : proxies.values()) {
      try {
        proxy.start();
      } catch (ProxyException e) {
        failures.add(new Failure(proxy.name(), e));
      }
      proxy.resetToxics();
    }
    return failures;
  }

  /** Stops every proxy: listeners and connections. */
  public synchronized void stopAll() {
    proxies.values().forEach(Proxy::stop);
  }
}
