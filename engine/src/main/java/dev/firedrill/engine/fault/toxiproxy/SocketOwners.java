package dev.firedrill.engine.fault.toxiproxy;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Which local process dialed a TCP connection, from Linux's {@code /proc}: the connection's socket
 * inode is the line of {@code /proc/net/tcp} (or {@code tcp6}) whose local address is the
 * connection's client end and whose remote address is the end that accepted it; the process is the
 * one with a descriptor {@code socket:[inode]}. Only candidate pids are searched. Elsewhere than
 * Linux nothing is found, and nothing is refused.
 */
final class SocketOwners {

  private SocketOwners() {}

  /** The TCP tables at one moment: {@code local remote} (as /proc writes them) to inode. */
  static Map<String, Long> table() {
    Map<String, Long> out = new HashMap<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      List<String> lines;
      try {
        lines = Files.readAllLines(Path.of(table));
      } catch (IOException e) {
        continue;
      }
      for (int i = 1; i < lines.size(); i++) {
        String[] f = lines.get(i).trim().split("\\s+");
        if (f.length > 9) {
          out.put(f[1] + " " + f[2], Long.parseLong(f[9]));
        }
      }
    }
    return out;
  }

  /** The inode of the socket whose local end is {@code local} and remote end {@code remote}. */
  static OptionalLong inode(
      Map<String, Long> table, InetSocketAddress local, InetSocketAddress remote) {
    for (boolean six : new boolean[] {false, true}) {
      Long inode = table.get(hex(local, six) + " " + hex(remote, six));
      if (inode != null && inode != 0) {
        return OptionalLong.of(inode);
      }
    }
    return OptionalLong.empty();
  }

  /** The socket inodes the processes {@code pids} hold now. */
  static Set<Long> socketsOf(Collection<Long> pids) {
    Set<Long> out = new HashSet<>();
    for (long pid : pids) {
      try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/" + pid + "/fd"))) {
        for (Path fd : fds) {
          try {
            String link = Files.readSymbolicLink(fd).toString();
            if (link.startsWith("socket:[")) {
              out.add(Long.parseLong(link.substring(8, link.length() - 1)));
            }
          } catch (IOException | NumberFormatException e) {
            // closed meanwhile
          }
        }
      } catch (IOException e) {
        // gone, or not ours to read
      }
    }
    return out;
  }

  /** An address as /proc/net/tcp writes it: the address's 32-bit words in host order, the port. */
  static String hex(InetSocketAddress a, boolean six) {
    byte[] ip = a.getAddress().getAddress();
    if (six && a.getAddress() instanceof Inet4Address) {
      byte[] mapped = new byte[16]; // ::ffff:a.b.c.d
      mapped[10] = (byte) 0xff;
      mapped[11] = (byte) 0xff;
      System.arraycopy(ip, 0, mapped, 12, 4);
      ip = mapped;
    } else if (!six && ip.length == 16) {
      return "-"; // an IPv6 address is never in the IPv4 table
    }
    StringBuilder out = new StringBuilder();
    for (int w = 0; w < ip.length; w += 4) {
      for (int b = 3; b >= 0; b--) { // each 32-bit word little-endian, as x86 and arm64 print it
        out.append(String.format(Locale.ROOT, "%02X", ip[w + b] & 0xff));
      }
    }
    return out + ":" + String.format(Locale.ROOT, "%04X", a.getPort());
  }
}
