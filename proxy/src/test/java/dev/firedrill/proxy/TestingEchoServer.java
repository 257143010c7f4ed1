package dev.firedrill.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An upstream for tests on 127.0.0.1: echoes every byte back, one virtual thread per connection,
 * and closes its side when the peer does. Optionally sends a fixed payload on connect instead.
 */
final class TestingEchoServer implements AutoCloseable {
  private final ServerSocket server;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final byte[] greeting;

  private TestingEchoServer(byte[] greeting) throws IOException {
    this.greeting = greeting;
    this.server = new ServerSocket(0, 2048, InetAddress.getLoopbackAddress());
    Thread.ofPlatform().daemon().name("echo-accept").start(this::acceptLoop);
  }

  static TestingEchoServer echo() throws IOException {
    return new TestingEchoServer(null);
  }

  /** Writes {@code payload} to each new connection, then echoes. */
  static TestingEchoServer greeting(byte[] payload) throws IOException {
    return new TestingEchoServer(payload);
  }

  String address() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  int openConnections() {
    return open.size();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        open.add(socket);
        Thread.ofVirtual().start(() -> serve(socket));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket;
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream()) {
      socket.setTcpNoDelay(true);
      if (greeting != null) {
        out.write(greeting);
        out.flush();
      }
      byte[] buffer = new byte[16 * 1024];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
      }
    } catch (IOException e) {
      // The peer went away: nothing to echo to.
    } finally {
      open.remove(socket);
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket socket : open) {
      socket.close();
    }
  }
}
