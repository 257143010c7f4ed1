package dev.firedrill.cli.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo shop runs from the runner image exactly as e2e/kind/shop/shop.yaml runs it in a cluster:
 * the payments Deployment's container arguments and environment, with the port it asks for (8080)
 * replaced by a free one, inside the image unpacked without Docker (see {@link RunnerImageIT}). It
 * must announce itself and answer {@code /health} on 127.0.0.2, an address a bind to 127.0.0.1
 * refuses: the manifest's {@code --host 0.0.0.0} reaches it, as another pod's request reaches the
 * pod.
 */
class ShopImageIT {
  private static final Pattern READY =
      Pattern.compile("READY payments http://0\\.0\\.0\\.0:(\\d+)");

  @Test
  void theShopsManifestRunsPaymentsFromTheRunnerImageOnAWildcardBind(@TempDir Path dir)
      throws Exception {
    ImageTarball.requireUnshare();
    Path tarball = ImageTarball.tarball();
    ImageTarball image = ImageTarball.read(tarball);
    Container payments = container("payments");
    List<String> args = new ArrayList<>(payments.getArgs());
    int port = args.indexOf("--port");
    assertThat(args.subList(0, 4)).containsExactly("shop", "payments", "--host", "0.0.0.0");
    assertThat(args.get(port + 1)).isEqualTo("8080");
    args.set(port + 1, "0");
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar e : payments.getEnv()) {
      env.put(e.getName(), e.getValue());
    }
    env.put("FIREDRILL_DEMO_BUGS", "duplicate-payments");
    Path rootfs = dir.resolve("rootfs");
    image.unpack(tarball, rootfs);

    Process shop = image.process(rootfs, env, image.command(args.toArray(String[]::new))).start();
    try {
      CompletableFuture<String> ready =
          CompletableFuture.supplyAsync(() -> {
            try (var lines =
                new BufferedReader(
                    new InputStreamReader(shop.getInputStream(), StandardCharsets.UTF_8))) {
              for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                Matcher m = READY.matcher(line);
                if (m.find()) {
                  return m.group(1);
                }
              }
              return null;
            } catch (java.io.IOException e) {
              return null;
            }
          });
      await().atMost(Duration.ofSeconds(60)).until(ready::isDone);
      assertThat(ready.get()).as("the ready line of `firedrill shop` in the image").isNotNull();

      HttpResponse<String> health =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(5))
              .build()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.2:" + ready.get() + "/health"))
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body())
          .contains("\"service\":\"payments\"")
          .contains("\"bugs\":[\"duplicate-payments\"]");

      // SIGTERM to the JVM in the image, as the kubelet stops a pod.
      shop.descendants().forEach(ProcessHandle::destroy);
      assertThat(shop.waitFor(30, TimeUnit.SECONDS)).as("the shop stops on SIGTERM").isTrue();
    } finally {
      shop.destroyForcibly();
    }
  }

  /** The container of a Deployment of e2e/kind/shop/shop.yaml, its image placeholder filled. */
  private static Container container(String deployment) throws Exception {
    String yaml =
        Files.readString(Path.of("..", "e2e", "kind", "shop", "shop.yaml"))
            .replace("${FIREDRILL_IMAGE}", "ghcr.io/firedrill/firedrill:test");
    Object parsed = Serialization.unmarshal(yaml);
    List<?> all = parsed instanceof KubernetesList l ? l.getItems() : (List<?>) parsed;
    List<HasMetadata> items =
        all.stream().filter(HasMetadata.class::isInstance).map(HasMetadata.class::cast).toList();
    return items.stream()
        .filter(o -> o instanceof Deployment && o.getMetadata().getName().equals(deployment))
        .map(o -> ((Deployment) o).getSpec().getTemplate().getSpec().getContainers().getFirst())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no Deployment " + deployment + " in shop.yaml"));
  }
}
