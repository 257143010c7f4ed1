package dev.firedrill.bench.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The upstream of the benchmark on 127.0.0.1: {@link Mode#ECHO} answers each byte (ping-pong),
 * {@link Mode#SOURCE} writes a fixed buffer until the peer closes (bulk). One platform thread per
 * connection with blocking I/O: the simplest fast server, the same for proxy and direct runs.
 */
final class BenchUpstream implements AutoCloseable {
  enum Mode {
    ECHO,
    SOURCE
  }

  private final ServerSocket server;
  private final Mode mode;

  BenchUpstream(Mode mode) throws IOException {
    this.mode = mode;
    this.server = new ServerSocket(0, 256, InetAddress.getLoopbackAddress());
    Thread.ofPlatform().daemon().name("bench-upstream").start(this::acceptLoop);
  }

  String address() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  int port() {
    return server.getLocalPort();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        socket.setTcpNoDelay(true);
        Thread.ofPlatform().daemon().start(() -> serve(socket));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket;
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream()) {
      byte[] buffer = new byte[256 * 1024];
      if (mode == Mode.SOURCE) {
        while (true) {
          out.write(buffer);
        }
      }
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
      }
    } catch (IOException e) {
      // The benchmark closed the connection: the normal end.
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
