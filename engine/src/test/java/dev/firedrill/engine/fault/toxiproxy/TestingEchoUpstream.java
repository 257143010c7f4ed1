package dev.firedrill.engine.fault.toxiproxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** An echo server on 127.0.0.1 for driver tests; one virtual thread per connection. */
final class TestingEchoUpstream implements AutoCloseable {
  private final ServerSocket server;

  TestingEchoUpstream() throws IOException {
    server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
    Thread.ofPlatform().daemon().start(this::acceptLoop);
  }

  String address() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        Thread.ofVirtual().start(() -> echo(socket));
      } catch (IOException e) {
        return;
      }
    }
  }

  private static void echo(Socket socket) {
    try (socket;
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream()) {
      socket.setTcpNoDelay(true);
      in.transferTo(out);
    } catch (IOException e) {
      // The peer went away.
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
