package dev.firedrill.engine.fault.local;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** A process for tests: answers GET /health with 200 on the port given as the first argument. */
public final class TestingHealthServer {

  private TestingHealthServer() {}

  /** A port free on loopback now (closed again before it is returned). */
  public static int freePort() throws IOException {
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** The command that starts this server on {@code port}, with the JDK running the tests. */
  public static java.util.List<String> command(int port) {
    String jvm = ProcessHandle.current().info().command().orElse("java");
    return java.util.List.of(
        jvm, "-cp", classpath(), TestingHealthServer.class.getName(), Integer.toString(port));
  }

  /** The test classes folder holding this class. */
  public static String classpath() {
    try {
      return java.nio.file.Path.of(
              TestingHealthServer.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public static void main(String[] args) throws IOException {
    HttpServer server =
        HttpServer.create(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0])), 0);
    server.createContext(
        "/health",
        ex -> {
          ex.sendResponseHeaders(200, -1);
          ex.close();
        });
    server.start();
    System.out.println("listening on " + args[0]);
  }
}
