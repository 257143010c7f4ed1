package dev.firedrill.engine.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts links, in one of two forms. {@code proxies}: the proxies refuse new connections and close
 * open ones (Toxiproxy's {@code enabled: false}), total, both directions. {@code between}: groups
 * of local processes that can no longer reach each other, as Jepsen's partitioner cuts a cluster
 * into halves, isolates one node or bridges two sides: every proxied link into a process of one
 * group refuses (and closes) the connections a process of another group dialed, while the processes
 * of one group, and everyone outside the groups, still get through. A link leads into the process
 * that declares its upstream's port ({@code port} or {@code ports}); which process dialed a
 * connection the embedded proxy tells from the connection's socket, so {@code between} needs the
 * embedded proxy.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Partition(
    @JsonPropertyDescription("Proxies (by name in spec.toxiproxy.proxies) to cut. Or: between.")
        List<String> proxies,
    @JsonPropertyDescription(
            "Groups of local processes (by name) cut from each other, e.g. [[e1, e2], [e3]]:"
                + " every proxied link into a process of one group refuses the connections of the"
                + " others. Needs the embedded proxy. Instead of proxies.")
        List<List<String>> between)
    implements NetworkFault {

  public Partition {
    proxies = proxies == null ? List.of() : List.copyOf(proxies);
    between = between == null ? List.of() : between.stream().map(List::copyOf).toList();
  }

  /** A partition of whole proxies. */
  public Partition(List<String> proxies) {
    this(proxies, null);
  }

  /** True for a partition between groups of processes. */
  @JsonIgnore
  public boolean isBetween() {
    return !between.isEmpty();
  }

  /**
   * The proxies a partition between groups acts on, in the drill's order: every proxy whose
   * upstream port a process of one of the groups declares.
   */
  @JsonIgnore
  public List<String> linksInto(DrillSpec spec) {
    List<String> out = new ArrayList<>();
    if (spec.toxiproxy() == null || spec.target() == null) {
      return out;
    }
    for (ProxySpec p : spec.toxiproxy().proxies()) {
      String into = leadsInto(spec, p);
      if (into != null && between.stream().anyMatch(g -> g.contains(into))) {
        out.add(p.name());
      }
    }
    return out;
  }

  /** The local process that declares {@code link}'s upstream port, or null. */
  public static String leadsInto(DrillSpec spec, ProxySpec link) {
    if (link.upstream() == null || spec.target() == null) {
      return null;
    }
    int colon = link.upstream().lastIndexOf(':');
    int port;
    try {
      port = Integer.parseInt(link.upstream().substring(colon + 1));
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      return null;
    }
    for (LocalProcess p : spec.target().processes()) {
      if (p.declaredPorts().contains(port)) {
        return p.name();
      }
    }
    return null;
  }

  @Override
  public Direction stream() {
    return Direction.BOTH;
  }

  @Override
  public Double toxicity() {
    return 1.0;
  }

  @Override
  public String kind() {
    return "partition";
  }
}
