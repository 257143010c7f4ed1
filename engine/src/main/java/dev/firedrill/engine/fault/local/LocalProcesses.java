package dev.firedrill.engine.fault.local;

import dev.firedrill.engine.model.DurationText;
import dev.firedrill.engine.model.LocalProcess;
import dev.firedrill.engine.model.RestartHealth;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Starts the drill's local processes and supervises them, standing in for the cluster: {@link
 * #kill} is a pod kill (SIGKILL, then a restart), {@link #pause} a long GC pause (SIGSTOP until
 * {@link #resume}). Output goes to {@code <logs>/<name>.log}.
 *
 * <p>Supervision: each process starts in a session and process group of its own (through {@code
 * setsid} where there is one), so a Ctrl-C at the terminal reaches Firedrill only, and every signal
 * — stop, continue, kill, the final SIGTERM — goes to the whole group, grandchildren included. An
 * exit nobody asked for is told to the {@link Watcher}. Every incarnation is written to {@code
 * processes.json} (when a {@link ProcessRegistry} is given) before the run waits for it, so a dead
 * runner's processes can be found and stopped by pid and start time.
 *
 * <p>Locking: the lock guards only the table of incarnations and is never held across a wait for
 * health or for an exit, so a restart waiting for a member that needs its peers never delays a
 * pause, resume or kill of another process.
 */
public final class LocalProcesses implements AutoCloseable {

  private static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration POLL = Duration.ofMillis(50);
  private static final Duration STOP_GRACE = Duration.ofSeconds(3);

  /** In a command, {@value} stands for the java binary running Firedrill (a JDK 21+). */
  public static final String JAVA = Incarnation.JAVA;

  /**
   * In a command or an environment value, {@value} stands for the run directory (absolute), so a
   * store gets a fresh data directory per run: {@code --data-dir={{runDir}}/data/e1}.
   */
  public static final String RUN_DIR = Incarnation.RUN_DIR;

  /** Told of a process that exited while nobody was stopping or killing it. */
  public interface Watcher {
    void exited(String name, long pid, int exitCode);

    Watcher NONE = (name, pid, code) -> {};
  }

  private final Path workingDir;
  private final Path logs;
  private final Map<String, String> extraEnv;
  private final Function<LocalProcess, Map<String, String>> envFor;
  private final ProcessRegistry registry;
  private final Watcher watcher;
  private final Map<String, LocalProcess> specs = new LinkedHashMap<>();
  private final Map<String, Incarnation> running = new LinkedHashMap<>();
  private final Set<String> paused = new LinkedHashSet<>();
  private final Readiness readiness = new Readiness();
  private volatile boolean closed;

  /**
   * @param workingDir where relative working dirs resolve (the drill file's folder)
   * @param logs where each process's output is appended: {@code <runDir>/logs}, whose parent is
   *     what {@value #RUN_DIR} stands for
   */
  public LocalProcesses(Path workingDir, Path logs) {
    this(workingDir, logs, Map.of());
  }

  /**
   * @param extraEnv added to every process's environment, over the drill's own (how {@code
   *     firedrill demo} switches the shop's seeded bugs on and off)
   */
  public LocalProcesses(Path workingDir, Path logs, Map<String, String> extraEnv) {
    this(workingDir, logs, extraEnv, null, Watcher.NONE);
  }

  /**
   * @param registry where each incarnation is recorded before it is awaited, or null
   * @param watcher told of every unexpected exit
   */
  public LocalProcesses(
      Path workingDir,
      Path logs,
      Map<String, String> extraEnv,
      ProcessRegistry registry,
      Watcher watcher) {
    this(workingDir, logs, extraEnv, registry, watcher, p -> Map.of());
  }

  /**
   * @param envFor added to one process's environment at each (re)start, over {@code extraEnv} (how
   *     a clockSkew preloads libfaketime into the processes it names)
   */
  public LocalProcesses(
      Path workingDir,
      Path logs,
      Map<String, String> extraEnv,
      ProcessRegistry registry,
      Watcher watcher,
      Function<LocalProcess, Map<String, String>> envFor) {
    this.workingDir = workingDir;
    this.logs = logs;
    this.extraEnv = Map.copyOf(extraEnv);
    this.registry = registry;
    this.watcher = watcher;
    this.envFor = envFor;
  }

  /**
   * Starts every process, then waits until each answers its health URL. Refuses, with nothing
   * started, while another program holds a declared port.
   */
  public void startAll(List<LocalProcess> processes) throws IOException {
    for (LocalProcess p : processes) {
      for (int port : p.declaredPorts()) {
        if (Readiness.accepts(port)) {
          throw new IOException(
              "process "
                  + p.name()
                  + ": port "
                  + port
                  + " is already held by another program, nothing was started (fix: stop it; if a"
                  + " crashed run left it, firedrill heal finds and stops it)");
        }
      }
    }
    synchronized (this) {
      for (LocalProcess p : processes) {
        specs.put(p.name(), p);
        running.put(p.name(), launch(p));
      }
    }
    for (LocalProcess p : processes) {
      awaitReady(p.name(), pid(p.name()), RestartHealth.HEALTH);
    }
  }

  /** SIGKILL to the group; returns the pid that was killed. It stays down until restarted. */
  public long kill(String name) {
    Incarnation inc;
    synchronized (this) {
      inc = incarnation(name);
      inc.expected = true;
      paused.remove(name);
    }
    Signals.kill(inc.pid(), inc.group);
    waitForExit(inc.process, Duration.ofSeconds(5));
    return inc.pid();
  }

  /** Starts a killed process again and waits until it is healthy. */
  public void restart(String name) throws IOException {
    awaitReady(name, relaunch(name), RestartHealth.HEALTH);
  }

  /**
   * Starts the process again if it is not running and returns the pid of the running incarnation,
   * at once: the caller waits with {@link #awaitReady}.
   */
  public synchronized long relaunch(String name) throws IOException {
    if (closed) {
      throw new IOException("the run's processes are stopped; " + name + " is not restarted");
    }
    Incarnation inc = incarnation(name);
    if (inc.process.isAlive()) {
      return inc.pid();
    }
    Incarnation next = launch(specs.get(name));
    running.put(name, next);
    return next.pid();
  }

  /** SIGSTOP: the process group freezes with its sockets open. */
  public synchronized void pause(String name) throws IOException {
    Incarnation inc = incarnation(name);
    Signals.stop(inc.pid(), inc.group);
    paused.add(name);
  }

  /** SIGCONT. Resuming a process that is not paused does nothing. */
  public synchronized void resume(String name) throws IOException {
    if (paused.remove(name)) {
      Incarnation inc = incarnation(name);
      Signals.resume(inc.pid(), inc.group);
    }
  }

  /** True once {@link #close} began: every process is being, or has been, stopped. */
  public boolean closed() {
    return closed;
  }

  /** True when the run started a process of that name. */
  public synchronized boolean has(String name) {
    return running.containsKey(name);
  }

  /** True while the process is running (paused counts as running). */
  public synchronized boolean isAlive(String name) {
    return incarnation(name).process.isAlive();
  }

  /** The pid of the current incarnation. */
  public synchronized long pid(String name) {
    return incarnation(name).pid();
  }

  /** True when the current incarnation leads its own process group. */
  public synchronized boolean grouped(String name) {
    return incarnation(name).group;
  }

  /** The process's declared restart health: what a restart after a kill waits for. */
  public synchronized RestartHealth restartHealth(String name) {
    LocalProcess spec = specs.get(name);
    return spec == null || spec.restartHealth() == null
        ? RestartHealth.HEALTH
        : spec.restartHealth();
  }

  /** Resumes paused processes and restarts dead ones, all at once: idempotent. */
  public void healAll() throws IOException {
    List<String> names;
    synchronized (this) {
      for (String name : List.copyOf(paused)) {
        resume(name);
      }
      names = List.copyOf(specs.keySet());
    }
    Map<String, Long> pids = new LinkedHashMap<>();
    for (String name : names) {
      pids.put(name, relaunch(name));
    }
    for (Map.Entry<String, Long> e : pids.entrySet()) {
      awaitReady(e.getKey(), e.getValue(), restartHealth(e.getKey()));
    }
  }

  /**
   * Waits until incarnation {@code pid} of {@code name} is ready: its health URL answers 2xx
   * ({@link RestartHealth#HEALTH}; its port accepts when it has no health URL) or its port accepts
   * ({@link RestartHealth#PORT}), within its {@code startTimeout}. Holds no lock meanwhile.
   */
  public void awaitReady(String name, long pid, RestartHealth mode) throws IOException {
    LocalProcess p;
    Incarnation inc;
    synchronized (this) {
      p = specs.get(name);
      inc = incarnation(name);
    }
    if (inc.pid() != pid) {
      return; // a later incarnation replaced it: whoever started that one waits for it
    }
    Duration limit = DurationText.parseOr(p.startTimeout(), DEFAULT_START_TIMEOUT);
    long deadline = System.nanoTime() + limit.toNanos();
    String waitsFor =
        mode == RestartHealth.PORT || p.health() == null
            ? (p.port() == null ? null : "port " + p.port())
            : p.health();
    while (true) {
      if (!inc.process.isAlive()) {
        if (inc.expected) {
          return; // killed again, or the run stopped it: nothing to wait for
        }
        throw new IOException(
            "process "
                + name
                + " exited with "
                + inc.process.exitValue()
                + " before it was healthy; see "
                + logs.resolve(name + ".log"));
      }
      if (waitsFor == null || ready(p, mode)) {
        inc.ready = true;
        return;
      }
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedIOException(
            "interrupted while waiting for process " + name + " to answer " + waitsFor);
      }
      if (System.nanoTime() >= deadline) {
        throw new IOException(
            "process "
                + name
                + " did not "
                + (waitsFor.startsWith("port") ? "accept on " + waitsFor : "answer " + waitsFor)
                + (waitsFor.startsWith("port") ? "" : " with 2xx")
                + " within "
                + DurationText.format(limit)
                + "; see "
                + logs.resolve(name + ".log"));
      }
      try {
        Thread.sleep(POLL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private boolean ready(LocalProcess p, RestartHealth mode) throws InterruptedIOException {
    if (mode == RestartHealth.PORT || p.health() == null) {
      return Readiness.accepts(p.port());
    }
    return readiness.healthy(p.health());
  }

  /**
   * Stops every process, last started first: paused ones are resumed, every group gets SIGTERM, and
   * what still runs 3 s later gets SIGKILL. Never throws; ignores interrupts.
   */
  @Override
  public void close() {
    boolean interrupted = Thread.interrupted();
    List<Incarnation> all;
    synchronized (this) {
      closed = true;
      all = new ArrayList<>(running.values());
      java.util.Collections.reverse(all);
      for (Incarnation inc : all) {
        inc.expected = true;
      }
      for (String name : paused) {
        Incarnation inc = running.get(name);
        try {
          Signals.resume(inc.pid(), inc.group);
        } catch (IOException ignored) {
          // SIGKILL below ends it whether or not it resumed
        }
      }
      paused.clear();
    }
    for (Incarnation inc : all) {
      if (inc.process.isAlive() || Signals.groupAlive(inc.pid(), inc.group)) {
        Signals.terminate(inc.pid(), inc.group);
      }
    }
    long deadline = System.nanoTime() + STOP_GRACE.toNanos();
    for (Incarnation inc : all) {
      while (Signals.groupAlive(inc.pid(), inc.group) && System.nanoTime() < deadline) {
        waitForExit(inc.process, POLL); // returns at once once the leader is gone: then sleep
        if (!inc.process.isAlive()) {
          sleep(POLL);
        }
      }
      if (Signals.groupAlive(inc.pid(), inc.group)) {
        Signals.kill(inc.pid(), inc.group);
        waitForExit(inc.process, Duration.ofSeconds(5));
      }
    }
    if (registry != null) {
      registry.closed();
    }
    readiness.close();
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private Incarnation launch(LocalProcess p) throws IOException {
    Map<String, String> env = new LinkedHashMap<>(extraEnv);
    env.putAll(envFor.apply(p));
    Incarnation inc = Incarnation.launch(p, workingDir, logs, env);
    if (registry != null) {
      registry.started(p.name(), inc.pid(), inc.group);
    }
    String name = p.name();
    inc.process.onExit().thenRun(() -> exited(name, inc));
    return inc;
  }

  private void exited(String name, Incarnation inc) {
    if (!inc.expected && inc.ready && !closed) {
      watcher.exited(name, inc.pid(), inc.process.exitValue());
    }
  }

  private Incarnation incarnation(String name) {
    Incarnation inc = running.get(name);
    if (inc == null) {
      throw new IllegalArgumentException("no local process named " + name);
    }
    return inc;
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void waitForExit(Process p, Duration limit) {
    boolean interrupted = Thread.interrupted();
    try {
      p.waitFor(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      interrupted = true;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
