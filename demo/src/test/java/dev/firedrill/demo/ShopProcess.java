package dev.firedrill.demo;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One shop service as a real JVM process, started the way the engine starts it ({@code java -cp ...
 * dev.firedrill.demo.ShopMain <service> --port 0 ...}) and ready once it printed its {@code READY}
 * line. Its stderr goes to {@code target/it-logs/}. {@link #close()} kills it and waits.
 */
final class ShopProcess implements AutoCloseable {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(15);

  /** Every process not yet closed; killed when the test JVM exits, even if a test forgot. */
  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "kill-shop"));
  }

  private final Process process;
  private final URI url;
  private final Duration startup;

  private ShopProcess(Process process, URI url, Duration startup) {
    this.process = process;
    this.url = url;
    this.startup = startup;
  }

  /** Starts {@code service} on a free port with {@code args} and no bugs from the environment. */
  static ShopProcess start(String service, String... args) throws IOException {
    return startWith(classpath(), null, service, args);
  }

  /**
   * Starts {@code service} from {@code classpath}, with {@code envBugs} (null for none) as {@code
   * FIREDRILL_DEMO_BUGS}, and waits for its ready line.
   */
  static ShopProcess startWith(String classpath, String envBugs, String service, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k"));
    command.addAll(List.of("-cp", classpath, ShopMain.class.getName(), service, "--port", "0"));
    command.addAll(List.of(args));
    Path logs = Files.createDirectories(Path.of("target", "it-logs"));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectError(logs.resolve(service + "-" + System.nanoTime() + ".err").toFile());
    builder.environment().remove(ShopOptions.BUGS_ENV);
    if (envBugs != null) {
      builder.environment().put(ShopOptions.BUGS_ENV, envBugs);
    }
    long started = System.nanoTime();
    Process process = builder.start();
    LIVE.add(process);
    try {
      URI url = awaitReady(process, service);
      return new ShopProcess(process, url, Duration.ofNanos(System.nanoTime() - started));
    } catch (IOException | RuntimeException e) {
      process.destroyForcibly();
      LIVE.remove(process);
      throw e;
    }
  }

  /** The base URL, {@code http://127.0.0.1:<port>}. */
  URI url() {
    return url;
  }

  /** From process start to its ready line. */
  Duration startup() {
    return startup;
  }

  @Override
  public void close() {
    process.destroyForcibly();
    LIVE.remove(process);
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The classes of the demo and of Jackson, wherever this test found them (dirs or jars). */
  static String classpath() {
    Set<String> entries = new LinkedHashSet<>();
    for (Class<?> type :
        List.of(ShopMain.class, ObjectMapper.class, JsonFactory.class, JsonProperty.class)) {
      try {
        entries.add(
            Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
      } catch (URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  private static URI awaitReady(Process process, String service) throws IOException {
    BufferedReader stdout =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> readLine(stdout));
    String ready;
    try {
      ready = line.get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
      throw new IOException(service + " printed no ready line within " + READY_TIMEOUT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting " + service, e);
    }
    String prefix = "READY " + service + " ";
    if (ready == null || !ready.startsWith(prefix)) {
      throw new IOException(service + " did not start; first line: " + ready);
    }
    return URI.create(ready.substring(prefix.length()).trim());
  }

  private static String readLine(BufferedReader reader) {
    try {
      return reader.readLine();
    } catch (IOException e) {
      return null;
    }
  }
}
