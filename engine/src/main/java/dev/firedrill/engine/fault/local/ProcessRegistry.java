package dev.firedrill.engine.fault.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code processes.json} in a run directory: the runner (pid and start time) and every process
 * incarnation it started, rewritten (to a temporary file, then renamed) before each start is
 * awaited and once more, {@code closed}, when the run stopped them all. A runner that died leaves
 * the file open: {@link ProcessHealer#stopLeftovers} then stops whatever it lists that still runs,
 * each checked by pid <em>and</em> start time, never by name.
 */
public final class ProcessRegistry {

  /** The file name in a run directory. */
  public static final String FILE = "processes.json";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * One process incarnation.
   *
   * @param name the drill's name for it
   * @param pid its pid
   * @param started its start time as the OS reports it, or null where it does not
   * @param group true when it leads a process group of its own (pid = pgid)
   */
  public record Started(String name, long pid, String started, boolean group) {

    /** True while this very incarnation runs: same pid, same start time. */
    public boolean running() {
      Optional<ProcessHandle> p = ProcessHandle.of(pid);
      return p.isPresent()
          && p.get().isAlive()
          && (started == null || started.equals(startTime(pid).orElse(null)));
    }
  }

  /**
   * What the file holds.
   *
   * @param runner the runner process
   * @param closed true once the run stopped every process it started
   * @param processes every incarnation started, oldest first
   */
  public record Contents(Started runner, boolean closed, List<Started> processes) {

    public Contents {
      processes = processes == null ? List.of() : List.copyOf(processes);
    }

    /** True when the runner that wrote this is gone and did not close its processes. */
    public boolean abandoned() {
      return !closed && (runner == null || !runner.running());
    }
  }

  private final Path file;
  private final Started runner;
  private final List<Started> history = new ArrayList<>();

  /** A registry for a run in {@code runDir}, owned by this JVM. */
  public ProcessRegistry(Path runDir) {
    this.file = runDir.resolve(FILE);
    long self = ProcessHandle.current().pid();
    this.runner = new Started("runner", self, startTime(self).orElse(null), false);
  }

  /** Writes the file before anything starts: this runner owns the run directory from here on. */
  synchronized void opened() throws IOException {
    write(false);
  }

  /** Records a new incarnation before the run waits for it. */
  synchronized void started(String name, long pid, boolean group) throws IOException {
    Started s = new Started(name, pid, startTime(pid).orElse(null), group);
    history.add(s);
    write(false);
  }

  /** Every process stopped: the file says so, and nothing is left to stop. */
  synchronized void closed() {
    try {
      write(true);
    } catch (IOException e) {
      // the next run or firedrill heal finds every pid gone or reused and leaves it alone
    }
  }

  /** The file of a run directory, if there is one. */
  public static Optional<Contents> read(Path runDir) throws IOException {
    Path f = runDir.resolve(FILE);
    if (!Files.isRegularFile(f)) {
      return Optional.empty();
    }
    return Optional.of(JSON.readValue(f.toFile(), Contents.class));
  }

  /** When the process started, as the registry and the ledger record it. */
  static Optional<String> startTime(long pid) {
    return ProcessHandle.of(pid).flatMap(p -> p.info().startInstant()).map(Object::toString);
  }

  private void write(boolean closed) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(FILE + ".tmp");
    JSON.writeValue(tmp.toFile(), new Contents(runner, closed, history));
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
