package dev.firedrill.engine.fault.skew;

import dev.firedrill.engine.fault.FaultDriver;
import dev.firedrill.engine.model.DrillSpec;
import dev.firedrill.engine.model.FaultSpec;
import dev.firedrill.engine.model.LocalProcess;
import dev.firedrill.engine.run.RunContext;
import dev.firedrill.engine.run.Setup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The clocks of the drill's local processes, for {@code clockSkew} faults. Opened before the local
 * processes start: it writes a libfaketime timestamp file holding {@code +0} for every process a
 * {@code clockSkew} names, under {@code <runDir>/clock/}, and {@link #processEnv} gives exactly
 * those processes the environment that loads libfaketime and points it at their file ({@link
 * dev.firedrill.engine.fault.local.LocalProcessSetup}'s environment hook). A process no clockSkew
 * names runs untouched; a drill with none needs no libfaketime.
 *
 * <p>A process started this way keeps libfaketime loaded for its life (a restart after a kill loads
 * it again and reads the current offset): the fault moves and heals the clock by rewriting the
 * file, never by restarting the process.
 */
public final class ClockSkewSetup implements Setup {

  /** The folder of the timestamp files in the run directory. */
  public static final String FOLDER = "clock";

  private final Map<String, String> environment;

  /** Looks for libfaketime through this process's environment ({@code FIREDRILL_LIBFAKETIME}). */
  public ClockSkewSetup() {
    this(System.getenv());
  }

  ClockSkewSetup(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  @Override
  public String describe() {
    return "process clocks (libfaketime)";
  }

  @Override
  public Active open(RunContext context) throws IOException {
    Set<String> skewed = skewedProcesses(context.spec());
    if (skewed.isEmpty()) {
      return active(List.of());
    }
    if (Libfaketime.find(environment).isEmpty()) {
      throw new IOException(Libfaketime.missing(environment));
    }
    Map<String, Path> files = new LinkedHashMap<>();
    Files.createDirectories(context.runDir().resolve(FOLDER));
    for (String name : skewed) {
      Path file = file(context.runDir(), name);
      FaketimeFile.write(file, FaketimeFile.ZERO);
      files.put(name, file);
    }
    return active(List.of(new ClockSkewDriver(files)));
  }

  private static Active active(List<FaultDriver> drivers) {
    return new Active() {
      @Override
      public List<FaultDriver> drivers() {
        return drivers;
      }

      @Override
      public void close() {
        for (FaultDriver d : drivers) {
          ((ClockSkewDriver) d).close();
        }
      }
    };
  }

  /**
   * The environment a local process of this run gets on top of its own: for a process that a {@code
   * clockSkew} names, libfaketime preloaded (before any {@code LD_PRELOAD} the drill gives it) and
   * reading its timestamp file, with monotonic time left alone (the JVM hangs without that); empty
   * for every other process. Pure: the files are written by {@link #open}.
   */
  public static Map<String, String> processEnv(RunContext context, LocalProcess process) {
    return processEnv(context, process, System.getenv());
  }

  static Map<String, String> processEnv(
      RunContext context, LocalProcess process, Map<String, String> environment) {
    if (!skewedProcesses(context.spec()).contains(process.name())) {
      return Map.of();
    }
    Optional<Path> library = Libfaketime.find(environment);
    if (library.isEmpty()) {
      return Map.of(); // open() refused the run before any process started
    }
    String preload = library.get().toString();
    String theirs = process.env().get("LD_PRELOAD");
    Map<String, String> env = new LinkedHashMap<>();
    env.put("LD_PRELOAD", theirs == null || theirs.isBlank() ? preload : preload + ":" + theirs);
    env.put("FAKETIME_TIMESTAMP_FILE", file(context.runDir(), process.name()).toString());
    env.put("FAKETIME_CACHE_DURATION", Integer.toString(FaketimeFile.CACHE_SECONDS));
    env.put("FAKETIME_DONT_FAKE_MONOTONIC", "1");
    // The fix reworks timed waits for a faked monotonic clock, which is not faked here; with it a
    // JVM starts in about 0.4 s instead of 0.05 s.
    env.put("FAKETIME_FORCE_MONOTONIC_FIX", "0");
    return env;
  }

  /** The names of the processes some {@code clockSkew} of the drill moves. */
  static Set<String> skewedProcesses(DrillSpec spec) {
    Set<String> names = new TreeSet<>();
    for (FaultSpec f : spec.faults()) {
      if (f.clockSkew() != null) {
        names.addAll(f.clockSkew().processes());
      }
    }
    return names;
  }

  /** The timestamp file of one process. */
  static Path file(Path runDir, String process) {
    return runDir.resolve(FOLDER).resolve(process + ".faketime").toAbsolutePath();
  }
}
