package dev.firedrill.cli;

import dev.firedrill.proxy.ToxiproxyServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code firedrill proxy}: runs the embedded Toxiproxy-compatible server in the foreground until
 * Ctrl-C (or {@link #stop()}), which closes every listener and connection. Bad options end with one
 * line naming the option and the fix, and exit 2.
 */
@Command(
    name = "proxy",
    mixinStandardHelpOptions = true,
    description = "Run a Toxiproxy-compatible server (API 2.12) in the foreground.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  firedrill proxy                           API on 127.0.0.1:8474",
      "  firedrill proxy --config proxies.json     create proxies at start",
      "  FIREDRILL_PROXY_TOKEN=s3cret firedrill proxy --host 0.0.0.0",
      "                                            reachable from other machines, with a token",
      "  toxiproxy-cli / toxiproxy-java / curl talk to it as to Toxiproxy."
    })
final class ProxyCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Address of the HTTP API (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--port",
      defaultValue = "8474",
      description = "Port of the HTTP API; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--config",
      description = "A JSON array of proxies to create at start, as POST /populate takes.")
  Path config;

  @Option(
      names = "--token",
      defaultValue = "${env:FIREDRILL_PROXY_TOKEN}",
      description =
          "Answer only requests that carry this secret (Authorization: Bearer <token>, or as the"
              + " password of http://user:<token>@host:port); default: $FIREDRILL_PROXY_TOKEN.")
  String token;

  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch closed = new CountDownLatch(1);

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String refused = refusedOption();
    if (refused != null) {
      err.println("firedrill proxy: " + refused);
      return Firedrill.CANNOT_RUN;
    }
    ToxiproxyServer server;
    try {
      server = ToxiproxyServer.startWithToken(host, port, token);
    } catch (IOException e) {
      err.println("firedrill proxy: " + cannotListen(e));
      return Firedrill.CANNOT_RUN;
    }
    Thread hook = new Thread(this::stopOnSignal, "firedrill-proxy-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try (server) {
      if (config != null) {
        server.populate(config);
      }
      if (server.apiBeyondLoopback() && !server.apiHasToken()) {
        err.println(
            "firedrill proxy: warning: the API on "
                + host
                + " is reachable from other machines and has no token, so anyone who reaches it"
                + " can open proxies to any address: set --token or FIREDRILL_PROXY_TOKEN");
        err.flush();
      }
      out.println("Toxiproxy-compatible API on http://" + host + ":" + server.apiPort());
      out.flush();
      stop.await();
      return Firedrill.PASS;
    } catch (IOException e) {
      err.println("firedrill proxy: " + e.getMessage());
      return Firedrill.CANNOT_RUN;
    } finally {
      closed.countDown();
      removeHook(hook);
    }
  }

  /** The first option that cannot work, as a message with its fix; null when all can. */
  private String refusedOption() {
    if (port < 0 || port > 65535) {
      return "--port " + port + " is not a port: give one from 1 to 65535, or 0 for a free one";
    }
    if (token != null && token.isEmpty()) {
      return "--token (or FIREDRILL_PROXY_TOKEN) is empty: give a secret, or leave both unset";
    }
    if (config != null && !Files.isRegularFile(config)) {
      return "--config "
          + config
          + ": "
          + (Files.exists(config) ? "not a regular file" : "no such file")
          + ": give a JSON file with an array of proxies, as POST /populate takes";
    }
    if (config != null && !Files.isReadable(config)) {
      return "--config " + config + ": not readable: give a file this user may read";
    }
    return null;
  }

  /** Why the API could not listen, naming the option to change. */
  private String cannotListen(IOException e) {
    String where = "cannot listen on " + host + ":" + port + ": ";
    String reason = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
    if (e instanceof UnknownHostException) {
      return where + "no such host (--host): give an address of this machine, e.g. 127.0.0.1";
    }
    if (e instanceof BindException && reason.contains("cannot assign requested address")) {
      return where
          + "this machine has no such address (--host): give one of its own addresses, e.g."
          + " 127.0.0.1, or 0.0.0.0 for all of them";
    }
    if (e instanceof BindException && reason.contains("address already in use")) {
      return where
          + "the port is taken (--port): stop what listens there, or give another port"
          + " (0 picks a free one)";
    }
    if (e instanceof BindException && reason.contains("permission denied")) {
      return where + "permission denied (--port): give a port above 1023";
    }
    return where + e.getMessage();
  }

  /** Ctrl-C: the JVM halts when hooks return, so wait (bounded) for the server to close. */
  private void stopOnSignal() {
    stop();
    try {
      closed.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Ends {@link #call()}: the server closes every listener and connection. */
  void stop() {
    stop.countDown();
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down (Ctrl-C): the hook is running, nothing to remove.
    }
  }
}
