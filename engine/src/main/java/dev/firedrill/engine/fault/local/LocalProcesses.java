package dev.firedrill.engine.fault.local;

import dev.firedrill.engine.model.DurationText;
import dev.firedrill.engine.model.LocalProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Starts the drill's local processes and stands in for the cluster: {@link #kill} is a pod kill
 * (SIGKILL, then a restart), {@link #pause} a long GC pause (SIGSTOP until {@link #resume}). Output
 * goes to {@code <logs>/<name>.log}. {@link #healAll} resumes and restarts whatever a fault left
 * behind; {@link #close} stops everything, so no process outlives a run.
 */
public final class LocalProcesses implements AutoCloseable {

  private static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration POLL = Duration.ofMillis(50);

  /** In a command, {@value} stands for the java binary running Firedrill (a JDK 21+). */
  public static final String JAVA = "${java}";

  private final Path workingDir;
  private final Path logs;
  private final Map<String, String> extraEnv;
  private final Function<LocalProcess, Map<String, String>> envFor;
  private final Map<String, LocalProcess> specs = new LinkedHashMap<>();
  private final Map<String, Process> running = new LinkedHashMap<>();
  private final Map<String, Boolean> paused = new LinkedHashMap<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  /**
   * @param workingDir where relative working dirs resolve (the drill file's folder)
   * @param logs where each process's output is appended
   */
  public LocalProcesses(Path workingDir, Path logs) {
    this(workingDir, logs, Map.of());
  }

  /**
   * @param extraEnv added to every process's environment, over the drill's own (how {@code
   *     firedrill demo} switches the shop's seeded bugs on and off)
   */
  public LocalProcesses(Path workingDir, Path logs, Map<String, String> extraEnv) {
    this(workingDir, logs, extraEnv, p -> Map.of());
  }

  /**
   * @param envFor added to one process's environment at each (re)start, over {@code extraEnv} (how
   *     a clockSkew preloads libfaketime into the processes it names)
   */
  public LocalProcesses(
      Path workingDir,
      Path logs,
      Map<String, String> extraEnv,
      Function<LocalProcess, Map<String, String>> envFor) {
    this.workingDir = workingDir;
    this.logs = logs;
    this.extraEnv = Map.copyOf(extraEnv);
    this.envFor = envFor;
  }

  /** Starts every process, then waits until each answers its health URL. */
  public synchronized void startAll(List<LocalProcess> processes) throws IOException {
    for (LocalProcess p : processes) {
      specs.put(p.name(), p);
      running.put(p.name(), launch(p));
    }
    for (LocalProcess p : processes) {
      awaitHealthy(p);
    }
  }

  /** SIGKILL; returns the pid that was killed. The process stays down until {@link #restart}. */
  public synchronized long kill(String name) {
    Process p = process(name);
    paused.remove(name);
    Signals.kill(p.toHandle());
    waitForExit(p);
    return p.pid();
  }

  /** Starts a killed process again and waits until it is healthy. */
  public synchronized void restart(String name) throws IOException {
    Process p = process(name);
    if (p.isAlive()) {
      return;
    }
    LocalProcess spec = specs.get(name);
    running.put(name, launch(spec));
    awaitHealthy(spec);
  }

  /** SIGSTOP: the process freezes with its sockets open. */
  public synchronized void pause(String name) throws IOException {
    Signals.stop(process(name).toHandle());
    paused.put(name, true);
  }

  /** SIGCONT. Resuming a process that is not paused does nothing. */
  public synchronized void resume(String name) throws IOException {
    if (paused.remove(name) != null) {
      Signals.resume(process(name).toHandle());
    }
  }

  /** True when the run started a process of that name. */
  public synchronized boolean has(String name) {
    return running.containsKey(name);
  }

  /** True while the process is running (paused counts as running). */
  public synchronized boolean isAlive(String name) {
    return process(name).isAlive();
  }

  /** The pid of the current incarnation. */
  public synchronized long pid(String name) {
    return process(name).pid();
  }

  /** Resumes paused processes and restarts dead ones: idempotent. */
  public synchronized void healAll() throws IOException {
    for (String name : List.copyOf(paused.keySet())) {
      resume(name);
    }
    for (String name : specs.keySet()) {
      restart(name);
    }
  }

  @Override
  public synchronized void close() {
    for (Map.Entry<String, Process> e : running.entrySet()) {
      Process p = e.getValue();
      if (paused.containsKey(e.getKey())) {
        try {
          Signals.resume(p.toHandle());
        } catch (IOException ignored) {
          // SIGKILL below ends it whether or not it resumed
        }
      }
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
    }
    for (Process p : running.values()) {
      try {
        if (!p.waitFor(3, TimeUnit.SECONDS)) {
          Signals.kill(p.toHandle());
          waitForExit(p);
        }
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        Signals.kill(p.toHandle());
      }
    }
    paused.clear();
    http.close();
  }

  private Process launch(LocalProcess p) throws IOException {
    Files.createDirectories(logs);
    Path dir = p.workingDir() == null ? workingDir : workingDir.resolve(p.workingDir());
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = p.command().stream().map(a -> a.replace(JAVA, java)).toList();
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(logs.resolve(p.name() + ".log").toFile()));
    builder.environment().putAll(p.env());
    builder.environment().putAll(extraEnv);
    builder.environment().putAll(envFor.apply(p));
    return builder.start();
  }

  private void awaitHealthy(LocalProcess p) throws IOException {
    Duration limit = DurationText.parseOr(p.startTimeout(), DEFAULT_START_TIMEOUT);
    Instant deadline = Instant.now().plus(limit);
    Process process = running.get(p.name());
    while (p.health() != null) {
      if (!process.isAlive()) {
        throw new IOException(
            "process "
                + p.name()
                + " exited with "
                + process.exitValue()
                + " before it was healthy; see "
                + logs.resolve(p.name() + ".log"));
      }
      if (healthy(p.health())) {
        return;
      }
      if (Thread.currentThread().isInterrupted()) {
        throw new java.io.InterruptedIOException(
            "interrupted while waiting for process " + p.name() + " to answer " + p.health());
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IOException(
            "process "
                + p.name()
                + " did not answer "
                + p.health()
                + " with 2xx within "
                + DurationText.format(limit));
      }
      sleep(POLL);
    }
  }

  private boolean healthy(String url) {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(1)).GET().build();
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() / 100 == 2;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private Process process(String name) {
    Process p = running.get(name);
    if (p == null) {
      throw new IllegalArgumentException("no local process named " + name);
    }
    return p;
  }

  private static void waitForExit(Process p) {
    try {
      p.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
