package dev.firedrill.cluster.mock;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Fabric8's mock API server in CRUD mode, with one thing a real API server does and the mock does
 * not: a {@code PUT …/status} carrying a {@code resourceVersion} older than the stored object's is
 * refused with 409 Conflict. The stock mock checks the version on a resource's own PUT only; on
 * {@code /status} the later of two racing read-modify-writes silently wins, so a test where the
 * operator and a runner write one DrillRun could lose a write that a cluster never loses (CI lost a
 * runner's verdict that way once). With this server such a race is a 409, which {@code
 * StatusUpdater} answers by reading again, exactly as in a cluster.
 */
public final class LockingApiServer implements AutoCloseable {

  private final KubernetesMockServer server;
  private final LockingDispatcher dispatcher;

  private LockingApiServer() {
    this.dispatcher = new LockingDispatcher();
    this.server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
  }

  /** Starts a server on a free loopback port. */
  public static LockingApiServer start() {
    LockingApiServer s = new LockingApiServer();
    s.server.init(InetAddress.getLoopbackAddress(), 0);
    return s;
  }

  /** A client of this server (the caller closes it). */
  public KubernetesClient createClient() {
    return server.createClient();
  }

  /** How many stale {@code /status} writes this server has refused. */
  public int conflicts() {
    return dispatcher.conflicts;
  }

  @Override
  public void close() {
    server.destroy();
  }

  /** The CRUD dispatcher, with writes serialized and stale status writes refused. */
  private static final class LockingDispatcher extends KubernetesCrudDispatcher {

    /** Check-then-write must be atomic against every other write. */
    private final ReentrantLock writes = new ReentrantLock();

    private volatile int conflicts;

    @Override
    public MockResponse handleUpdate(RecordedRequest request) {
      return locked(() -> {
        String path = request.getPath();
        int query = path.indexOf('?');
        String bare = query < 0 ? path : path.substring(0, query);
        if (bare.endsWith("/status")) {
          String sent =
              resourceVersion(
                  Serialization.unmarshal(
                      // getBytes, not readUtf8: reading would empty the body the update then needs
                      new String(request.getBody().getBytes(), StandardCharsets.UTF_8),
                      JsonNode.class));
          Map.Entry<AttributeSet, String> stored = findResource(getKey(path));
          if (sent != null && stored != null) {
            String current =
                resourceVersion(Serialization.unmarshal(stored.getValue(), JsonNode.class));
            if (!sent.equals(current)) {
              conflicts++;
              return conflict(bare, sent, current);
            }
          }
        }
        return super.handleUpdate(request);
      });
    }

    @Override
    public MockResponse handleCreate(RecordedRequest request) {
      return locked(() -> super.handleCreate(request));
    }

    @Override
    public MockResponse handlePatch(RecordedRequest request) {
      return locked(() -> super.handlePatch(request));
    }

    @Override
    public MockResponse handleDelete(String path) {
      return locked(() -> super.handleDelete(path));
    }

    private MockResponse locked(Supplier<MockResponse> write) {
      writes.lock();
      try {
        return write.get();
      } finally {
        writes.unlock();
      }
    }

    private static String resourceVersion(JsonNode object) {
      JsonNode version = object == null ? null : object.path("metadata").get("resourceVersion");
      return version == null || version.isNull() || version.asText().isEmpty()
          ? null
          : version.asText();
    }

    private static MockResponse conflict(String path, String sent, String current) {
      return new MockResponse()
          .setResponseCode(409)
          .setBody(
              Serialization.asJson(
                  new StatusBuilder()
                      .withStatus("Failure")
                      .withReason("Conflict")
                      .withCode(409)
                      .withMessage(
                          "Operation cannot be fulfilled on "
                              + path
                              + ": the object has been modified (resourceVersion "
                              + sent
                              + ", stored "
                              + current
                              + "); please apply your changes to the latest version and try"
                              + " again")
                      .build()));
    }
  }
}
