package dev.firedrill.operator.run;

import static org.awaitility.Awaitility.await;

import dev.firedrill.cluster.runner.TestingKubelet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Stands in for what the mock API server lacks for a run's Toxiproxy — the Deployment controller,
 * the kubelet, kube-proxy and cluster DNS: every Toxiproxy Deployment the operator creates is
 * started as a real process (the packaged CLI with the container's own arguments, the API port
 * moved to a free loopback one), and once its API answers, its Service gets the cluster address
 * that reaches it ({@code 127.0.0.1} and that port) and the Deployment {@code readyReplicas: 1}.
 * The process resolves names through {@code hosts} (the JDK's {@code jdk.net.hosts.file}), which
 * maps a shadow Service's DNS name to the loopback where the real backend listens, and gets the
 * container's variables from Secrets ({@code secretKeyRef}: the run's token) as a kubelet gives
 * them. Deleting the Deployment stops the process.
 */
final class TestingToxiproxyController implements AutoCloseable {

  private final KubernetesClient client;
  private final Path cliJar;
  private final Path hosts;
  private final Path logs;
  private final Map<String, Process> processes = new ConcurrentHashMap<>();
  private final Map<String, Integer> apiPorts = new ConcurrentHashMap<>();
  private final ExecutorService starter = Executors.newVirtualThreadPerTaskExecutor();
  private final SharedIndexInformer<Deployment> informer;

  TestingToxiproxyController(
      KubernetesClient client, String namespace, Path cliJar, Path hosts, Path logs) {
    this.client = client;
    this.cliJar = cliJar;
    this.hosts = hosts;
    this.logs = logs;
    this.informer =
        client
            .apps()
            .deployments()
            .inNamespace(namespace)
            .withLabel("app.kubernetes.io/name", RunToxiproxy.APP)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Deployment d) {
                    starter.submit(() -> start(d));
                  }

                  @Override
                  public void onUpdate(Deployment old, Deployment d) {}

                  @Override
                  public void onDelete(Deployment d, boolean unknown) {
                    Process p = processes.remove(d.getMetadata().getName());
                    if (p != null) {
                      p.destroy(); // SIGTERM, as the kubelet stops a deleted pod's container
                    }
                  }
                });
  }

  /** The process of a Toxiproxy Deployment, once started. */
  Process process(String deployment) {
    return processes.get(deployment);
  }

  /** The loopback API port of a Toxiproxy Deployment's process, once started. */
  Integer apiPort(String deployment) {
    return apiPorts.get(deployment);
  }

  private Void start(Deployment d) throws IOException {
    String name = d.getMetadata().getName();
    String ns = d.getMetadata().getNamespace();
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Djdk.net.hosts.file=" + hosts);
    command.add("-jar");
    command.add(cliJar.toString());
    List<String> args = d.getSpec().getTemplate().getSpec().getContainers().getFirst().getArgs();
    for (int i = 0; i < args.size(); i++) {
      boolean portValue = i > 0 && args.get(i - 1).equals("--port");
      command.add(portValue ? Integer.toString(port) : args.get(i));
    }
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(logs.resolve(name + ".log").toFile());
    Map<String, String> secrets =
        TestingKubelet.secretEnv(
            client, ns, d.getSpec().getTemplate().getSpec().getContainers().getFirst());
    pb.environment().putAll(secrets);
    String token = secrets.get(RunToxiproxyToken.PROXY_ENV);
    Process p = pb.start();
    processes.put(name, p);
    apiPorts.put(name, port);
    HttpClient http = HttpClient.newHttpClient();
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() ->
            http.send(version(port, token), HttpResponse.BodyHandlers.discarding()).statusCode()
                == 200);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> client.services().inNamespace(ns).withName(name).get() != null);
    client
        .services()
        .inNamespace(ns)
        .withName(name)
        .edit(s -> {
          s.getSpec().setClusterIP("127.0.0.1");
          s.getSpec().getPorts().getFirst().setPort(port);
          return s;
        });
    Deployment current = client.apps().deployments().inNamespace(ns).withName(name).get();
    if (current != null) {
      current.setStatus(
          new DeploymentStatusBuilder()
              .withReplicas(1)
              .withReadyReplicas(1)
              .withAvailableReplicas(1)
              .build());
      client.resource(current).updateStatus();
    }
    return null;
  }

  private static HttpRequest version(int port, String token) {
    HttpRequest.Builder r =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/version"));
    if (token != null) {
      r.header("Authorization", "Bearer " + token);
    }
    return r.build();
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    informer.close();
    starter.shutdownNow();
    processes.values().forEach(Process::destroyForcibly);
  }
}
