package dev.firedrill.cli.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Assumptions;

/**
 * An image tarball as Jib's {@code buildTar} writes it (the {@code docker save} layout that {@code
 * docker load}, skopeo and crane read): manifest.json, config.json and one gzipped tar per layer.
 * Read without Docker; unpacked into a root filesystem the way a container runtime stacks layers,
 * and run there with {@code unshare} (a user, PID and mount namespace: the image's user, its own
 * /proc, the image as /).
 */
record ImageTarball(JsonNode manifest, JsonNode config, List<Layer> layers) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One entry of a layer, as the runtime will create it. */
  record Entry(String path, int mode, long uid, long gid, boolean directory, long size) {}

  /** A layer: its name in Jib's history (base, java runtime, ...) and its entries. */
  record Layer(String blob, String name, List<Entry> entries) {}

  static ImageTarball read(Path tarball) throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    Map<String, List<Entry>> layerEntries = new LinkedHashMap<>();
    try (var in = new TarArchiveInputStream(Files.newInputStream(tarball))) {
      for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        if (e.getName().endsWith(".tar.gz")) {
          layerEntries.put(e.getName(), entries(new GzipCompressorInputStream(in)));
        } else {
          files.put(e.getName(), in.readAllBytes());
        }
      }
    }
    JsonNode manifest = JSON.readTree(files.get("manifest.json")).get(0);
    JsonNode config = JSON.readTree(files.get(manifest.path("Config").asText()));
    List<Layer> layers = new ArrayList<>();
    JsonNode history = config.path("history");
    for (int i = 0; i < manifest.path("Layers").size(); i++) {
      String blob = manifest.path("Layers").get(i).asText();
      layers.add(new Layer(blob, history.path(i).path("comment").asText(), layerEntries.get(blob)));
    }
    return new ImageTarball(manifest, config, layers);
  }

  private static List<Entry> entries(InputStream gzipped) throws IOException {
    List<Entry> entries = new ArrayList<>();
    // Not closed: closing would close the outer tar stream it reads from.
    var layer = new TarArchiveInputStream(gzipped);
    for (TarArchiveEntry e = layer.getNextEntry(); e != null; e = layer.getNextEntry()) {
      entries.add(
          new Entry(
              "/" + e.getName().replaceAll("/$", ""),
              e.getMode() & 07777,
              e.getLongUserId(),
              e.getLongGroupId(),
              e.isDirectory(),
              e.getSize()));
    }
    return entries;
  }

  Layer layer(String name) {
    return layers.stream()
        .filter(l -> l.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no layer named " + name + " in " + layers));
  }

  List<String> command(String... args) {
    List<String> command = new ArrayList<>();
    config.path("config").path("Entrypoint").forEach(a -> command.add(a.asText()));
    command.addAll(List.of(args));
    return command;
  }

  /** The image's environment (config.Env). */
  Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    for (JsonNode entry : config.path("config").path("Env")) {
      String[] pair = entry.asText().split("=", 2);
      env.put(pair[0], pair[1]);
    }
    return env;
  }

  /**
   * The layers stacked bottom up into {@code rootfs} by tar (as root it keeps their owners and
   * modes, as a container runtime does).
   */
  void unpack(Path tarball, Path rootfs) throws IOException, InterruptedException {
    Path blobs = Files.createTempDirectory(rootfs.getParent(), "blobs");
    exec(List.of("tar", "-xf", tarball.toString(), "-C", blobs.toString()));
    Files.createDirectories(rootfs);
    for (Layer layer : layers) {
      exec(
          List.of(
              "tar",
              "--warning=no-unknown-keyword",
              "-xzf",
              blobs.resolve(layer.blob()).toString(),
              "-C",
              rootfs.toString()));
    }
  }

  /**
   * A process in the image: as its user (config.User, mapped in a user namespace), with its
   * environment plus {@code env}, in its working directory, with the image as / and its own /proc.
   * {@code --kill-child} ends the process when the test ends unshare.
   */
  ProcessBuilder process(Path rootfs, Map<String, String> env, List<String> command) {
    String[] user = config.path("config").path("User").asText().split(":");
    List<String> line = new ArrayList<>();
    line.addAll(
        List.of(
            "unshare",
            "--user",
            "--map-user=" + user[0],
            "--map-group=" + user[1],
            "--fork",
            "--pid",
            "--kill-child",
            "--mount",
            "--mount-proc",
            "--root=" + rootfs,
            "--wd=" + config.path("config").path("WorkingDir").asText("/")));
    line.addAll(command);
    ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().putAll(environment());
    builder.environment().putAll(env);
    return builder;
  }

  /**
   * unshare with user namespaces is what runs an image here without Docker. Outside CI a machine
   * without it skips with how to get it; in CI its absence is a failure.
   */
  static void requireUnshare() throws IOException, InterruptedException {
    String hint =
        "running an image needs util-linux's unshare and user namespaces"
            + " (apt-get install util-linux; sysctl kernel.unprivileged_userns_clone=1)";
    boolean works;
    try {
      Process probe = new ProcessBuilder("unshare", "--user", "--map-root-user", "true").start();
      works = probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
    } catch (IOException e) {
      works = false;
    }
    if (!works) {
      if (System.getenv("CI") != null) {
        throw new IllegalStateException(hint);
      }
      Assumptions.abort(hint);
    }
  }

  private static void exec(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + output);
    }
  }

  /** The tarball named by the pom (failsafe), or a clear abort when images were skipped. */
  static Path tarball() {
    if (Boolean.getBoolean("firedrill.image.skipped")) {
      Assumptions.abort("images were not built (-Djib.skip=true)");
    }
    Path tarball = Path.of(System.getProperty("firedrill.image.tar", "missing"));
    if (!Files.isRegularFile(tarball)) {
      throw new IllegalStateException(
          tarball + " is missing: Jib builds it at package (./mvnw -pl <module> -am verify)");
    }
    return tarball;
  }
}
