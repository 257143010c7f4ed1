package dev.firedrill.bench.load;

import dev.firedrill.engine.model.Outcome;
import dev.firedrill.engine.model.RequestTemplate;
import dev.firedrill.engine.trace.TraceContext;
import dev.firedrill.engine.workload.Invocation;
import dev.firedrill.engine.workload.http.BoundedExchange;
import dev.firedrill.engine.workload.http.Completion;
import dev.firedrill.engine.workload.http.HttpOperationClient;
import dev.firedrill.engine.workload.http.RequestRenderer;
import dev.firedrill.engine.workload.http.ResponseClassifier;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;

/**
 * The HTTP clients the workload could run on, each behind the open loop's client function, for
 * {@link WrkSideBySide} to measure side by side (docs/benchmarks.md, Workload): {@code netty} (the
 * workload's own {@link HttpOperationClient}), {@code jdk} (the JDK {@code HttpClient} through
 * {@link BoundedExchange}, as the workload ran before), {@code vertx} (Vert.x 4.5's HTTP client,
 * the operator's), {@code jetty} (Jetty 12's). Every one renders the request with {@link
 * RequestRenderer} (traceparent included) and classifies the response with {@link
 * ResponseClassifier}, so only the client differs. Bench code: no byte cap or deadline beyond the
 * clients' own timeouts.
 */
final class ClientCandidates {

  private ClientCandidates() {}

  /** A client function and what closes it. */
  interface Candidate extends BiFunction<Invocation, Integer, Completion>, AutoCloseable {
    @Override
    void close() throws Exception;
  }

  static Candidate of(String name, String url, Map<String, RequestTemplate> ops, Duration timeout)
      throws Exception {
    return switch (name) {
      case "netty" -> netty(url, ops, timeout);
      case "jdk" -> jdk(url, ops, timeout);
      case "vertx" -> vertx(url, ops, timeout);
      case "jetty" -> jetty(url, ops, timeout);
      default ->
          throw new IllegalArgumentException("no client " + name + ": netty|jdk|vertx|jetty");
    };
  }

  private static Candidate netty(String url, Map<String, RequestTemplate> ops, Duration timeout) {
    HttpOperationClient http = new HttpOperationClient(url, timeout);
    return new Candidate() {
      @Override
      public Completion apply(Invocation inv, Integer p) {
        return http.send(ops.get(inv.operation()), inv.bindings(), inv.traceId());
      }

      @Override
      public void close() {
        http.close();
      }
    };
  }

  private static Candidate jdk(String url, Map<String, RequestTemplate> ops, Duration timeout) {
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .executor(executor)
            .build();
    return new Candidate() {
      @Override
      public Completion apply(Invocation inv, Integer p) {
        RequestTemplate t = ops.get(inv.operation());
        try {
          BoundedExchange.Response r =
              BoundedExchange.send(
                  http, render(url, t, inv), timeout, 1 << 20, t.extract() != null);
          return ResponseClassifier.classify(t, r.status(), r.body(), r.truncated(), inv.traceId());
        } catch (Exception e) {
          return info(inv, e);
        }
      }

      @Override
      public void close() {
        http.close();
        executor.close();
      }
    };
  }

  private static Candidate vertx(String url, Map<String, RequestTemplate> ops, Duration timeout) {
    Vertx vertx = Vertx.vertx();
    io.vertx.core.http.HttpClient http =
        vertx.createHttpClient(
            new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
            new PoolOptions().setHttp1MaxSize(WrkSideBySide.CONNECTIONS));
    return new Candidate() {
      @Override
      public Completion apply(Invocation inv, Integer p) {
        RequestTemplate t = ops.get(inv.operation());
        HttpRequest r = render(url, t, inv);
        RequestOptions o =
            new RequestOptions()
                .setMethod(HttpMethod.valueOf(r.method()))
                .setAbsoluteURI(r.uri().toString())
                .setTimeout(timeout.toMillis());
        r.headers().map().forEach((k, v) -> o.putHeader(k, v.getFirst()));
        byte[] body = RequestRenderer.bodyOf(r);
        try {
          var response =
              http.request(o)
                  .compose(req -> req.send(Buffer.buffer(body)))
                  .compose(res -> res.body().map(b -> new Object[] {res.statusCode(), b}))
                  .toCompletionStage()
                  .toCompletableFuture()
                  .get(timeout.toMillis() + 100, TimeUnit.MILLISECONDS);
          return ResponseClassifier.classify(
              t, (Integer) response[0], ((Buffer) response[1]).getBytes(), false, inv.traceId());
        } catch (Exception e) {
          return info(inv, e);
        }
      }

      @Override
      public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      }
    };
  }

  private static Candidate jetty(String url, Map<String, RequestTemplate> ops, Duration timeout)
      throws Exception {
    org.eclipse.jetty.client.HttpClient http = new org.eclipse.jetty.client.HttpClient();
    http.setMaxConnectionsPerDestination(WrkSideBySide.CONNECTIONS);
    http.setConnectTimeout(timeout.toMillis());
    http.start();
    return new Candidate() {
      @Override
      public Completion apply(Invocation inv, Integer p) {
        RequestTemplate t = ops.get(inv.operation());
        HttpRequest r = render(url, t, inv);
        try {
          ContentResponse response =
              http.newRequest(r.uri())
                  .method(r.method())
                  .headers(h -> r.headers().map().forEach((k, v) -> h.put(k, v.getFirst())))
                  .body(new BytesRequestContent(RequestRenderer.bodyOf(r)))
                  .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                  .send();
          return ResponseClassifier.classify(
              t, response.getStatus(), response.getContent(), false, inv.traceId());
        } catch (Exception e) {
          return info(inv, e);
        }
      }

      @Override
      public void close() throws Exception {
        http.stop();
      }
    };
  }

  private static HttpRequest render(String url, RequestTemplate t, Invocation inv) {
    return RequestRenderer.render(
        url, t, inv.bindings(), TraceContext.traceparent(inv.traceId()), Duration.ofSeconds(2));
  }

  private static Completion info(Invocation inv, Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    return new Completion(Outcome.INFO, null, null, e.toString(), inv.traceId());
  }
}
