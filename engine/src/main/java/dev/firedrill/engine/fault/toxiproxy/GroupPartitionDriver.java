package dev.firedrill.engine.fault.toxiproxy;

import dev.firedrill.engine.fault.FaultDriver;
import dev.firedrill.engine.fault.Healer;
import dev.firedrill.engine.fault.LedgerEntry;
import dev.firedrill.engine.fault.local.ProcessRegistry;
import dev.firedrill.engine.model.DrillSpec;
import dev.firedrill.engine.model.Partition;
import dev.firedrill.engine.model.ProxySpec;
import dev.firedrill.engine.plan.PlannedFault;
import dev.firedrill.proxy.ToxiproxyServer;
import dev.firedrill.proxy.link.Proxy;
import dev.firedrill.proxy.link.ProxyException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A partition between groups of local processes ({@code partition: {between: [[e1, e2], [e3]]}}) on
 * the embedded proxy: each link into a process of one group refuses, and closes, every connection a
 * process of another group dialed — found by the connection's socket ({@link SocketOwners}), among
 * the pids the run's {@code processes.json} lists as running now (a member restarted meanwhile is
 * recognised by its new pid) and their descendants. Connections from the same group, and from
 * anything outside the groups (Firedrill's own probes), pass. Healing admits every connection
 * again. The embedded proxy lives and dies with its runner, so there is nothing to heal with no
 * live run ({@link #HEALER}).
 */
public final class GroupPartitionDriver implements FaultDriver {

  /** The driver kind in ledger entries. */
  public static final String KIND = "embedded-proxy";

  /** Heals this driver's entries with no live run: nothing outlives the runner's proxy. */
  public static final Healer HEALER =
      new Healer() {
        @Override
        public String kind() {
          return KIND;
        }

        @Override
        public void heal(LedgerEntry entry) {}
      };

  private final ToxiproxyServer server;
  private final DrillSpec spec;
  private final Path runDir;
  private final Map<String, Refusal> refusals = new java.util.concurrent.ConcurrentHashMap<>();

  public GroupPartitionDriver(ToxiproxyServer server, DrillSpec spec, Path runDir) {
    this.server = server;
    this.spec = spec;
    this.runDir = runDir;
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public boolean handles(PlannedFault fault) {
    return fault.action() instanceof Partition p && p.isBetween();
  }

  @Override
  public List<LedgerEntry> prepare(PlannedFault fault) {
    List<LedgerEntry> entries = new ArrayList<>();
    for (String proxy : fault.targets()) {
      Map<String, String> undo = new LinkedHashMap<>();
      undo.put("proxy", proxy);
      undo.put("admit", "all");
      entries.add(
          LedgerEntry.planned(
              fault.id(),
              fault.action().kind(),
              KIND,
              proxy,
              undo,
              KIND + " proxy " + proxy + " admission"));
    }
    return entries;
  }

  @Override
  public String inject(PlannedFault fault, LedgerEntry target) throws IOException {
    Partition partition = (Partition) fault.action();
    String name = target.target();
    ProxySpec link =
        spec.toxiproxy().proxies().stream()
            .filter(p -> p.name().equals(name))
            .findFirst()
            .orElseThrow(() -> new IOException("no proxy named " + name));
    String into = Partition.leadsInto(spec, link);
    List<String> others = new ArrayList<>();
    for (List<String> group : partition.between()) {
      if (!group.contains(into)) {
        others.addAll(group);
      }
    }
    Proxy proxy = proxy(name);
    Refusal refusal = new Refusal(proxy, address(proxy.listen()), new Pids(others));
    Refusal before = refusals.put(target.key(), refusal);
    if (before != null) {
      before.lift();
    }
    refusal.apply();
    Thread.ofVirtual().name("partition-sweep-" + name).start(refusal::sweep);
    return "proxy " + name + " (into " + into + ") refuses " + String.join(", ", others);
  }

  @Override
  public void heal(LedgerEntry entry) throws IOException {
    Refusal refusal = refusals.remove(entry.key());
    if (refusal != null) {
      refusal.lift();
      return;
    }
    try {
      server.proxies().get(entry.undo().getOrDefault("proxy", entry.target())).admit(null);
    } catch (ProxyException e) {
      // a proxy that is gone admits nothing any more: healed
    }
  }

  private Proxy proxy(String name) throws IOException {
    try {
      return server.proxies().get(name);
    } catch (ProxyException e) {
      throw new IOException("proxy " + name + ": " + e.getMessage(), e);
    }
  }

  /**
   * Whether a connection into the proxy was dialed by none of the blocked processes. A new
   * connection is looked up afresh (its socket is younger than any earlier look); the links open
   * when the fault lands are checked against one look at the tables, taken after they opened. The
   * kernel's TCP table is read in pages and can miss a line while sockets come and go, so a
   * connection not found is looked for again, and every 250 ms the open links are checked again
   * ({@link #sweep}) until the partition is lifted: none that a blocked process dialed survives.
   */
  private static final class Refusal implements java.util.function.Predicate<InetSocketAddress> {
    private static final long SWEEP_MS = 250;
    private final Proxy proxy;
    private final InetSocketAddress listen;
    private final Pids blocked;
    private volatile Thread batch;
    private Map<String, Long> table;
    private java.util.Set<Long> sockets;
    private boolean lifted;

    Refusal(Proxy proxy, InetSocketAddress listen, Pids blocked) {
      this.proxy = proxy;
      this.listen = listen;
      this.blocked = blocked;
    }

    /** Sets this refusal on the proxy and closes the open links it refuses. */
    synchronized void apply() {
      if (lifted) {
        return;
      }
      table = SocketOwners.table();
      sockets = SocketOwners.socketsOf(blocked.now());
      batch = Thread.currentThread();
      try {
        proxy.admit(this);
      } finally {
        batch = null;
      }
    }

    /** Admits every connection again; the sweep ends. */
    synchronized void lift() {
      lifted = true;
      proxy.admit(null);
    }

    void sweep() {
      while (true) {
        try {
          Thread.sleep(SWEEP_MS);
        } catch (InterruptedException e) {
          return;
        }
        synchronized (this) {
          if (lifted) {
            return;
          }
          apply();
        }
      }
    }

    @Override
    public boolean test(InetSocketAddress client) {
      if (Thread.currentThread() == batch) {
        java.util.OptionalLong inode = SocketOwners.inode(table, client, listen);
        if (inode.isEmpty()) {
          table = SocketOwners.table(); // missed while the table changed: once more
          inode = SocketOwners.inode(table, client, listen);
        }
        return inode.stream().noneMatch(sockets::contains);
      }
      java.util.OptionalLong inode = java.util.OptionalLong.empty();
      for (int i = 0; i < 3 && inode.isEmpty(); i++) {
        inode = SocketOwners.inode(SocketOwners.table(), client, listen);
      }
      return inode.isEmpty() || !SocketOwners.socketsOf(blocked.now()).contains(inode.getAsLong());
    }
  }

  /**
   * The pids of the named processes' running incarnations and their descendants, read again at most
   * every 100 ms (a restarted member gets a new pid; a burst of connections reads once).
   */
  private final class Pids {
    private final List<String> names;
    private List<Long> pids = List.of();
    private long readAt;

    Pids(List<String> names) {
      this.names = List.copyOf(names);
    }

    synchronized List<Long> now() {
      if (readAt == 0 || System.nanoTime() - readAt > 100_000_000L) {
        pids = read();
        readAt = System.nanoTime();
      }
      return pids;
    }

    private List<Long> read() {
      List<Long> out = new ArrayList<>();
      try {
        ProcessRegistry.read(runDir)
            .ifPresent(c ->
                c.processes().stream()
                    .filter(s -> names.contains(s.name()))
                    .filter(ProcessRegistry.Started::running)
                    .forEach(s -> withChildren(s.pid(), out)));
      } catch (IOException e) {
        return pids; // unreadable mid-rewrite (it is renamed into place): keep the last
      }
      return List.copyOf(out);
    }
  }

  /**
   * Adds {@code pid} and its descendants from {@code /proc/PID/task/TID/children}, which names a
   * process's children directly (ProcessHandle.descendants scans every process of the machine).
   */
  private static void withChildren(long pid, List<Long> out) {
    if (out.contains(pid) || out.size() > 1000) {
      return;
    }
    out.add(pid);
    Path tasks = Path.of("/proc/" + pid + "/task");
    try (java.nio.file.DirectoryStream<Path> all = java.nio.file.Files.newDirectoryStream(tasks)) {
      for (Path task : all) {
        String children = java.nio.file.Files.readString(task.resolve("children")).trim();
        if (!children.isEmpty()) {
          for (String child : children.split("\\s+")) {
            withChildren(Long.parseLong(child), out);
          }
        }
      }
    } catch (IOException | NumberFormatException e) {
      // gone, or no children file here: the process itself is still counted
    }
  }

  private static InetSocketAddress address(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    String host = hostPort.substring(0, colon).replace("[", "").replace("]", "");
    return new InetSocketAddress(host, Integer.parseInt(hostPort.substring(colon + 1)));
  }
}
