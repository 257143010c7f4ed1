package dev.firedrill.cli.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner/CLI image that Jib built at package (target/firedrill-image.tar): what a registry and
 * a kubelet read from it, and, unpacked into a root filesystem without Docker, that it runs: the
 * {@code firedrill} entrypoint answers {@code --version} and serves the embedded Toxiproxy, as the
 * image's non-root user.
 */
class RunnerImageIT {

  private static final String VERSION = System.getProperty("firedrill.version");
  private static Path tarball;
  private static ImageTarball image;

  @BeforeAll
  static void readTarball() throws Exception {
    tarball = ImageTarball.tarball();
    image = ImageTarball.read(tarball);
  }

  @Test
  void configNamesTheCliAsEntrypointAndANonRootUser() {
    var config = image.config().path("config");

    assertThat(image.manifest().path("RepoTags").get(0).asText())
        .isEqualTo("ghcr.io/firedrill/firedrill:" + VERSION);
    assertThat(image.config().path("os").asText()).isEqualTo("linux");
    assertThat(image.config().path("architecture").asText()).isEqualTo("amd64");
    assertThat(image.command()).containsExactly("/usr/local/bin/firedrill");
    assertThat(config.path("Cmd").isMissingNode() || config.path("Cmd").isNull()).isTrue();
    assertThat(config.path("User").asText()).isEqualTo("65532:65532");
    assertThat(image.environment())
        .containsEntry("JAVA_HOME", "/opt/java/openjdk")
        .hasEntrySatisfying("PATH", p -> assertThat(p).contains("/usr/local/bin"));
    assertThat(config.path("Labels").path("org.opencontainers.image.title").asText())
        .isEqualTo("firedrill");
    assertThat(config.path("Labels").path("org.opencontainers.image.version").asText())
        .isEqualTo(VERSION);
    assertThat(config.path("Labels").path("org.opencontainers.image.base.name").asText())
        .isNotBlank();
    // Reproducible: Jib stamps no build time, so the same inputs give the same digest.
    assertThat(image.config().path("created").asText()).isEqualTo("1970-01-01T00:00:00Z");
  }

  @Test
  void layersGoFromTheBaseToTheCliAndHoldNothingElse() {
    assertThat(image.layers())
        .extracting(ImageTarball.Layer::name)
        .containsExactly("base", "java runtime", "firedrill cli");
    assertThat(image.config().path("rootfs").path("diff_ids").size())
        .isEqualTo(image.layers().size());
    assertThat(paths("firedrill cli"))
        .containsExactlyInAnyOrder(
            "/opt",
            "/opt/firedrill",
            "/opt/firedrill/firedrill-cli.jar",
            "/usr",
            "/usr/local",
            "/usr/local/bin",
            "/usr/local/bin/firedrill");
    assertThat(paths("java runtime"))
        .allMatch(
            p -> p.startsWith("/opt/java/openjdk") || List.of("/opt", "/opt/java").contains(p));
    assertThat(paths("java runtime")).contains("/opt/java/openjdk/bin/java");
    assertThat(paths("base"))
        .contains("/etc/passwd", "/bin/sh", "/lib64/ld-linux-x86-64.so.2", "/tmp")
        .noneMatch(p -> p.startsWith("/app"));
  }

  private static List<String> paths(String layer) {
    return image.layer(layer).entries().stream().map(ImageTarball.Entry::path).toList();
  }

  /**
   * A read-only root for the image's user: every file belongs to root and is writable by root only;
   * /tmp alone is writable (the chart mounts an emptyDir there); programs are executable.
   */
  @Test
  void onlyTmpIsWritableByTheImagesUser() {
    for (ImageTarball.Layer layer : image.layers()) {
      for (ImageTarball.Entry entry : layer.entries()) {
        assertThat(entry.uid()).as(entry.path()).isZero();
        assertThat(entry.gid()).as(entry.path()).isZero();
        if (entry.path().equals("/tmp")) {
          assertThat(entry.mode()).isEqualTo(0777);
        } else {
          assertThat(entry.mode() & 0022).as(entry.path() + " writable by others").isZero();
        }
      }
    }
    for (String program :
        List.of("/usr/local/bin/firedrill", "/opt/java/openjdk/bin/java", "/bin/sh")) {
      assertThat(
              image.layers().stream()
                  .flatMap(l -> l.entries().stream())
                  .filter(e -> e.path().equals(program))
                  .findFirst()
                  .orElseThrow()
                  .mode())
          .as(program)
          .isEqualTo(0755);
    }
  }

  @Test
  void entrypointAnswersVersionInsideTheImage(@TempDir Path dir) throws Exception {
    ImageTarball.requireUnshare();
    Path rootfs = dir.resolve("rootfs");
    image.unpack(tarball, rootfs);

    Process firedrill = image.process(rootfs, Map.of(), image.command("--version")).start();
    String output = new String(firedrill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(firedrill.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(firedrill.exitValue()).as(output).isZero();
    assertThat(output.strip()).isEqualTo("firedrill " + VERSION);
  }

  private static final Pattern LISTENING =
      Pattern.compile("Toxiproxy-compatible API on (http://127\\.0\\.0\\.1:\\d+)");

  /** What the chart's shared Toxiproxy runs: {@code firedrill proxy}, from this image. */
  @Test
  void embeddedToxiproxyServesItsApiFromInsideTheImage(@TempDir Path dir) throws Exception {
    ImageTarball.requireUnshare();
    Path rootfs = dir.resolve("rootfs");
    image.unpack(tarball, rootfs);

    Process proxy =
        image
            .process(rootfs, Map.of(), image.command("proxy", "--host", "127.0.0.1", "--port", "0"))
            .start();
    try {
      CompletableFuture<String> url =
          CompletableFuture.supplyAsync(() -> {
            try (var lines =
                new BufferedReader(
                    new InputStreamReader(proxy.getInputStream(), StandardCharsets.UTF_8))) {
              for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                Matcher listening = LISTENING.matcher(line);
                if (listening.find()) {
                  return listening.group(1);
                }
              }
              return null;
            } catch (java.io.IOException e) {
              return null;
            }
          });
      await().atMost(Duration.ofSeconds(60)).until(url::isDone);
      assertThat(url.get()).as("the proxy printed where it listens").isNotNull();

      HttpResponse<String> version =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(url.get() + "/version")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(version.statusCode()).isEqualTo(200);
      assertThat(version.body()).isNotBlank();

      // SIGTERM to the JVM in the image (unshare itself ignores it): the proxy stops cleanly,
      // as when the kubelet stops the pod.
      proxy.descendants().forEach(ProcessHandle::destroy);
      assertThat(proxy.waitFor(30, TimeUnit.SECONDS)).as("the proxy stops on SIGTERM").isTrue();
    } finally {
      proxy.destroyForcibly(); // --kill-child takes the image's processes with it
    }
  }
}
