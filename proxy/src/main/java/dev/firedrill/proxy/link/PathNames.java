package dev.firedrill.proxy.link;

import dev.firedrill.proxy.link.ProxyException.Kind;

/**
 * Proxy and toxic names are path segments of the API ({@code /proxies/{name}/toxics/{toxic}}): a
 * name with a {@code /}, or {@code .} and {@code ..} (which clients resolve away), could be created
 * but then neither read nor deleted, so it is refused when it is created. Toxiproxy accepts them (a
 * deliberate difference, docs/proxy.md).
 */
final class PathNames {
  private PathNames() {}

  /**
   * @param kind {@code proxy} or {@code toxic}
   * @param where appended to the message, e.g. {@code " at proxy 2"}, or empty
   */
  static void check(String kind, String name, String where) throws ProxyException {
    if (name.indexOf('/') >= 0 || name.equals(".") || name.equals("..")) {
      throw new ProxyException(
          Kind.BAD_INPUT,
          "invalid "
              + kind
              + " name \""
              + name
              + "\""
              + where
              + ": a name is a path segment of the API, so it cannot contain \"/\" or be \".\""
              + " or \"..\"");
    }
  }
}
