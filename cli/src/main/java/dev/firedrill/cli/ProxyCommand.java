package dev.firedrill.cli;

import dev.firedrill.proxy.ToxiproxyServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code firedrill proxy}: runs the embedded Toxiproxy-compatible server in the foreground until
 * Ctrl-C (or {@link #stop()}), which closes every listener and connection.
 */
@Command(
    name = "proxy",
    mixinStandardHelpOptions = true,
    description = "Run a Toxiproxy-compatible server (API 2.12) in the foreground.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  firedrill proxy                           API on 127.0.0.1:8474",
      "  firedrill proxy --config proxies.json     create proxies at start",
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

  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch closed = new CountDownLatch(1);

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ToxiproxyServer server;
    try {
      server = ToxiproxyServer.start(host, port);
    } catch (IOException e) {
      err.println("firedrill proxy: cannot listen on " + host + ":" + port + ": " + e.getMessage());
      return Firedrill.CANNOT_RUN;
    }
    Thread hook = new Thread(this::stopOnSignal, "firedrill-proxy-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try (server) {
      if (config != null) {
        server.populate(config);
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
