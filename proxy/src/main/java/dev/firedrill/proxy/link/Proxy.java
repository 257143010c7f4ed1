package dev.firedrill.proxy.link;

import dev.firedrill.proxy.link.ProxyException.Kind;
import dev.firedrill.proxy.toxic.Toxic;
import dev.firedrill.proxy.toxic.ToxicSpec;
import java.io.Closeable;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * One proxy: a listener, the links (connections) it accepted, and its toxics. Disabling closes the
 * listener and every link (a partition); enabling listens again on the same address. Lifecycle
 * methods are synchronized; the data path never takes this lock.
 */
public final class Proxy {
  private static final System.Logger LOG = System.getLogger(Proxy.class.getName());
  private static final long ACCEPT_BACKOFF_NANOS = 10_000_000;

  private final String name;
  private final LinkRuntime runtime;
  private final ToxicChain toxics = new ToxicChain();
  private final Set<Link> links = ConcurrentHashMap.newKeySet();
  private volatile String listen;
  private volatile String upstream;
  private volatile boolean enabled;
  private ServerSocketChannel server;
  private Thread acceptor;
  private volatile long generation;
  private volatile Predicate<InetSocketAddress> admission;

  public Proxy(String name, String listen, String upstream, LinkRuntime runtime) {
    this.name = name;
    this.listen = listen;
    this.upstream = upstream;
    this.runtime = runtime;
  }

  public String name() {
    return name;
  }

  public String listen() {
    return listen;
  }

  public String upstream() {
    return upstream;
  }

  public boolean enabled() {
    return enabled;
  }

  public List<ToxicSpec> toxics() {
    return toxics.all();
  }

  public ToxicSpec toxic(String toxicName) {
    return toxics.find(toxicName);
  }

  /**
   * Which connections may pass, by their client's address (a Firedrill extension, no Toxiproxy API:
   * how a partition between groups of local processes cuts only the links a process of another
   * group dialed). Open links it refuses are closed at once, and new ones closed on accept; null
   * admits every connection again.
   */
  public void admit(Predicate<InetSocketAddress> admission) {
    this.admission = admission;
    if (admission != null) {
      for (Link link : links) {
        if (!admitted(admission, link.client())) {
          link.close();
        }
      }
    }
  }

  private static boolean admitted(Predicate<InetSocketAddress> admission, SocketChannel client) {
    try {
      return !(client.getRemoteAddress() instanceof InetSocketAddress remote)
          || admission.test(remote);
    } catch (IOException e) {
      return true; // closed already: nothing to refuse
    }
  }

  /** Open connections (links), for tests and leak checks. */
  public int linkCount() {
    return links.size();
  }

  /** Binds the listener and starts accepting; a no-op when already enabled. */
  public synchronized void start() throws ProxyException {
    if (enabled) {
      return;
    }
    ServerSocketChannel channel = null;
    HostPort address = null;
    try {
      address = HostPort.parse(listen);
      InetSocketAddress resolved = address.resolve();
      channel = ServerSocketChannel.open();
      channel.bind(resolved, 1024);
    } catch (IOException | RuntimeException e) {
      closeQuietly(channel);
      throw new ProxyException(Kind.LISTEN_FAILED, listenError(address, e));
    }
    server = channel;
    listen = HostPort.format((InetSocketAddress) boundAddress(channel));
    enabled = true;
    ServerSocketChannel accepting = channel;
    acceptor = runtime.start(() -> acceptLoop(accepting));
  }

  /** Closes the listener and every open link. */
  public synchronized void stop() {
    if (!enabled) {
      return;
    }
    enabled = false;
    generation++;
    closeQuietly(server);
    server = null;
    awaitAcceptor();
    for (Link link : links) {
      link.close();
    }
  }

  /**
   * Applies a PATCH: a new address restarts the listener; {@code enabled} starts or stops it. An
   * address that resolves to the bound one ({@code localhost:7070} for {@code 127.0.0.1:7070}) is
   * no change, as in Toxiproxy.
   */
  public synchronized void update(String newListen, String newUpstream, boolean enable)
      throws ProxyException {
    if (differs(newListen, newUpstream)) {
      stop();
      listen = newListen;
      upstream = newUpstream;
    }
    if (enable) {
      start();
    } else {
      stop();
    }
  }

  /**
   * Whether {@code otherListen} and {@code otherUpstream} name another proxy than this one: the
   * listen address is compared once resolved ({@code localhost:7070} is {@code 127.0.0.1:7070}, so
   * populating it again keeps the proxy and its toxics), the upstream as written, as Toxiproxy's
   * {@code Differs}.
   *
   * @throws ProxyException when {@code otherListen} is malformed or does not resolve
   */
  public synchronized boolean differs(String otherListen, String otherUpstream)
      throws ProxyException {
    HostPort other = null;
    String resolved;
    try {
      other = HostPort.parse(otherListen);
      resolved = other.resolvedText();
    } catch (RuntimeException e) {
      throw new ProxyException(Kind.LISTEN_FAILED, listenError(other, e));
    }
    return !resolved.equals(listen) || !otherUpstream.equals(upstream);
  }

  public synchronized void addToxic(ToxicSpec spec) throws ProxyException {
    PathNames.check("toxic", spec.name(), "");
    if (toxics.find(spec.name()) != null) {
      throw new ProxyException(Kind.CONFLICT, "toxic already exists");
    }
    toxics.change(null, spec);
    links.forEach(link -> link.activate(spec));
  }

  public synchronized ToxicSpec updateToxic(String toxicName, Toxic toxic, double toxicity)
      throws ProxyException {
    ToxicSpec old = existing(toxicName);
    ToxicSpec updated = old.withToxic(toxic, toxicity);
    toxics.change(old, updated);
    links.forEach(link -> {
      link.replaced(old);
      link.activate(updated);
    });
    return updated;
  }

  public synchronized void removeToxic(String toxicName) throws ProxyException {
    ToxicSpec old = existing(toxicName);
    toxics.change(old, null);
    links.forEach(link -> link.deactivate(old));
  }

  /** Removes every toxic; connections held by a timeout toxic are closed, as in Toxiproxy. */
  public synchronized void resetToxics() {
    List<ToxicSpec> removed = toxics.clear();
    for (ToxicSpec spec : removed) {
      links.forEach(link -> link.deactivate(spec));
    }
  }

  /**
   * The port is released only once the thread blocked in accept() has left it: wait (bounded), so
   * that enabling again right away can bind the same address.
   */
  private void awaitAcceptor() {
    try {
      acceptor.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    acceptor = null;
  }

  private ToxicSpec existing(String toxicName) throws ProxyException {
    ToxicSpec old = toxics.find(toxicName);
    if (old == null) {
      throw new ProxyException(Kind.NOT_FOUND, "toxic not found");
    }
    return old;
  }

  ToxicChain chain() {
    return toxics;
  }

  LinkRuntime runtime() {
    return runtime;
  }

  /** Registers a link; false (and the caller closes it) when the proxy stopped meanwhile. */
  boolean register(Link link, long acceptedGeneration) {
    links.add(link);
    if (generation != acceptedGeneration || !enabled) {
      links.remove(link);
      return false;
    }
    toxics.all().forEach(link::activate);
    return true;
  }

  void unregister(Link link) {
    links.remove(link);
  }

  private void acceptLoop(ServerSocketChannel channel) {
    long acceptedGeneration = generation;
    while (channel.isOpen()) {
      SocketChannel client;
      try {
        client = channel.accept();
      } catch (IOException e) {
        if (channel.isOpen()) {
          acceptFailed(e); // e.g. out of file descriptors: keep serving once some are freed
        }
        continue; // a closed channel (stop()) ends the loop
      }
      Predicate<InetSocketAddress> admits = admission;
      if (admits != null && !admitted(admits, client)) {
        closeQuietly(client);
        continue;
      }
      new Link(this, client, upstream, acceptedGeneration).start();
    }
  }

  /** Logs, then backs off briefly so that a persistent failure does not spin a CPU. */
  private void acceptFailed(IOException e) {
    LOG.log(System.Logger.Level.WARNING, "proxy " + name + ": accept failed: " + e.getMessage());
    LockSupport.parkNanos(ACCEPT_BACKOFF_NANOS);
  }

  private static SocketAddress boundAddress(ServerSocketChannel channel) {
    try {
      return channel.getLocalAddress();
    } catch (IOException e) {
      throw new IllegalStateException("a bound listener has an address", e);
    }
  }

  /**
   * Go's text for a failed {@code net.Listen}: the address as resolved ({@code listen tcp
   * 127.0.0.1:3310: bind: address already in use} for {@code localhost:3310}) and the system's
   * reason in Go's lower case ({@code cannot assign requested address} for an address this machine
   * does not have). {@code address} is null when {@code listen} did not even parse.
   */
  private String listenError(HostPort address, Exception e) {
    return switch (e) {
      case BindException b -> "listen tcp " + named(address) + ": bind: " + goCase(b.getMessage());
      case UnresolvedAddressException u ->
          "listen tcp: lookup " + (address == null ? listen : address.host()) + ": no such host";
      case IllegalArgumentException i when address == null -> "listen tcp: " + i.getMessage();
      default -> "listen tcp " + named(address) + ": " + goCase(String.valueOf(e.getMessage()));
    };
  }

  private String named(HostPort address) {
    if (address == null) {
      return listen;
    }
    try {
      return address.resolvedText();
    } catch (RuntimeException e) {
      return listen;
    }
  }

  /** The JDK says {@code Address already in use}; Go, from the same errno, lower case. */
  private static String goCase(String message) {
    return message.isEmpty()
        ? message
        : Character.toLowerCase(message.charAt(0)) + message.substring(1);
  }

  static void closeQuietly(Closeable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (IOException e) {
      // Closing is best effort: the channel is unusable either way.
    }
  }
}
