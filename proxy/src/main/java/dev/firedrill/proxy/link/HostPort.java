package dev.firedrill.proxy.link;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.UnresolvedAddressException;

/** A {@code host:port} address as Toxiproxy writes them ({@code [::1]:80}, {@code :0}). */
record HostPort(String host, int port) {

  /**
   * What an empty {@code listen} means: loopback, any port. Go's {@code net.Listen} binds every
   * interface for {@code ""}; a proxy reachable from other machines only because a field was left
   * out is a surprise, so that takes {@code :0} or {@code 0.0.0.0:0} here (docs/proxy.md).
   */
  static final String EMPTY_LISTEN = "127.0.0.1:0";

  static HostPort parse(String text) {
    if (text.isEmpty()) {
      return parse(EMPTY_LISTEN);
    }
    int colon = text.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("address " + text + ": missing port in address");
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("address " + text + ": invalid port", e);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("address " + text + ": invalid port");
    }
    return new HostPort(host, port);
  }

  /** Resolves the host (an empty host is every interface, as in Go). */
  InetSocketAddress resolve() {
    return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
  }

  /**
   * The address as Go's {@code net.ResolveTCPAddr(...).String()} gives it: what Toxiproxy compares
   * with a proxy's bound address to decide whether {@code listen} changed, and names in a bind
   * error. Every form of "every interface" ({@code :80}, {@code 0.0.0.0:80}) is {@code [::]:80}, as
   * a listener bound there shows itself.
   *
   * @throws UnresolvedAddressException when the host does not resolve
   */
  String resolvedText() {
    InetSocketAddress address = resolve();
    if (address.isUnresolved()) {
      throw new UnresolvedAddressException();
    }
    return format(address);
  }

  static String format(InetSocketAddress address) {
    InetAddress ip = address.getAddress();
    String host =
        ip.isAnyLocalAddress()
            ? "[::]"
            : ip instanceof Inet6Address ? "[" + ip.getHostAddress() + "]" : ip.getHostAddress();
    return host + ":" + address.getPort();
  }
}
