package dev.firedrill.engine.run;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A real OTLP/HTTP traces receiver on loopback: {@code POST /v1/traces} with a protobuf {@code
 * ExportTraceServiceRequest}, decoded with the official protos and kept, answered as a collector
 * does (200 and an empty response), or with {@code status} when that is set to fail on purpose.
 */
final class TestingOtlpReceiver implements AutoCloseable {

  private final HttpServer server;
  private final List<ExportTraceServiceRequest> requests = new CopyOnWriteArrayList<>();
  private final List<String> headers = new CopyOnWriteArrayList<>();
  private final int status;

  TestingOtlpReceiver(int status) throws IOException {
    this.status = status;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/v1/traces", this::handle);
    server.start();
  }

  String tracesUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces";
  }

  /** The export requests decoded so far. */
  List<ExportTraceServiceRequest> requests() {
    return List.copyOf(requests);
  }

  /** The {@code authorization} header of each request (null when absent). */
  List<String> authorizations() {
    return List.copyOf(headers);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String type = ex.getRequestHeaders().getFirst("Content-Type");
      byte[] body = ex.getRequestBody().readAllBytes();
      if (!"POST".equals(ex.getRequestMethod()) || !"application/x-protobuf".equals(type)) {
        ex.sendResponseHeaders(415, -1);
        return;
      }
      requests.add(ExportTraceServiceRequest.parseFrom(body));
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      headers.add(auth == null ? "" : auth);
      if (status != 200) {
        ex.sendResponseHeaders(status, -1);
        return;
      }
      byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
      ex.getResponseHeaders().add("Content-Type", "application/x-protobuf");
      ex.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
      ex.getResponseBody().write(answer);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
