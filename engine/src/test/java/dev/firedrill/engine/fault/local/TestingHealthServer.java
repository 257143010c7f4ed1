package dev.firedrill.engine.fault.local;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** A process for tests: answers GET /health with 200 on the port given as the first argument. */
public final class TestingHealthServer {

  private TestingHealthServer() {}

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
