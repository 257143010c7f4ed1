package dev.firedrill.operator;

import dev.firedrill.cluster.mock.LockingApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Starts a {@link LockingApiServer} for {@link WithLockingApiServer} and points the application's
 * Kubernetes client at it, with the same settings Quarkus's own Kubernetes test server uses.
 */
public class LockingApiServerResource implements QuarkusTestResourceLifecycleManager {

  private LockingApiServer server;
  private KubernetesClient client;
  private Map<String, String> properties = Map.of();

  @Override
  public Map<String, String> start() {
    server = LockingApiServer.start();
    client = server.createClient();
    Map<String, String> p = new LinkedHashMap<>();
    p.put("kubernetes.master", client.getConfiguration().getMasterUrl());
    p.put("kubernetes.trust.certificates", "true");
    p.put("quarkus.tls.trust-all", "true");
    p.put("kubernetes.auth.tryKubeConfig", "false");
    p.put("kubernetes.auth.tryServiceAccount", "false");
    p.put("kubernetes.namespace", "test");
    p.put("http2.disable", "true");
    // Fabric8's automatic configuration reads system properties; Quarkus's config reads the map.
    p.forEach(System::setProperty);
    properties = p;
    return p;
  }

  @Override
  public void stop() {
    properties.keySet().forEach(System::clearProperty);
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }
}
