package dev.firedrill.proxy.link;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** A {@code host:port} address as Toxiproxy writes them ({@code [::1]:80}, {@code :0}). */
record HostPort(String host, int port) {

  static HostPort parse(String text) {
    if (text.isEmpty()) {
      return new HostPort("", 0); // as Go's net.Listen: every interface, any port
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

  InetSocketAddress resolve() {
    return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
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
