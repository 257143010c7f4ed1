package dev.firedrill.engine.fault.local;

import dev.firedrill.engine.fault.FaultDriver;
import dev.firedrill.engine.model.DrillSpec;
import dev.firedrill.engine.model.Guardrail;
import dev.firedrill.engine.model.LocalProcess;
import dev.firedrill.engine.run.RunContext;
import dev.firedrill.engine.run.Setup;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The drill's local processes as a part of a run: started (and health-checked) when the run opens
 * them, killed and paused by {@link LocalProcessDriver}, restarted and resumed by {@link
 * Active#restore}, stopped when the run closes them. Output goes to {@code <runDir>/logs}, every
 * incarnation to {@code <runDir>/processes.json} ({@link ProcessRegistry}). A process that exits
 * while nothing stops or kills it is an {@code exit} entry in the history and makes the verdict
 * Error: the system under test did not stay up for the drill.
 */
public final class LocalProcessSetup implements Setup {

  private final Map<String, String> env;
  private final BiFunction<RunContext, LocalProcess, Map<String, String>> envFor;

  /**
   * @param env added to every process's environment, over the drill's own (how {@code firedrill
   *     demo} switches the shop's seeded bugs on and off)
   */
  public LocalProcessSetup(Map<String, String> env) {
    this(env, (context, process) -> Map.of());
  }

  /**
   * @param envFor the environment hook: added to one process's environment at each (re)start, over
   *     {@code env} (how {@link dev.firedrill.engine.fault.skew.ClockSkewSetup#processEnv} preloads
   *     libfaketime into the processes a clockSkew names)
   */
  public LocalProcessSetup(
      Map<String, String> env, BiFunction<RunContext, LocalProcess, Map<String, String>> envFor) {
    this.env = Map.copyOf(env);
    this.envFor = envFor;
  }

  @Override
  public String describe() {
    return "local processes";
  }

  /** The strictest {@code maxPodsDown} of the drill's guardrails, or null. */
  static Integer maxPodsDown(DrillSpec spec) {
    return spec.guardrails().stream()
        .map(Guardrail::maxPodsDown)
        .filter(m -> m != null)
        .min(Integer::compare)
        .orElse(null);
  }

  @Override
  public Active open(RunContext context) throws Exception {
    Path logs = context.runDir().resolve("logs");
    LocalProcesses.Watcher watcher =
        (name, pid, code) -> {
          String error =
              "process "
                  + name
                  + " (pid "
                  + pid
                  + ") exited on its own with "
                  + code
                  + "; see "
                  + logs.resolve(name + ".log");
          context
              .signals()
              .note("exit", name, Map.of("process", name, "pid", pid, "exit", code), error);
          context.signals().failed(error);
        };
    ProcessRegistry registry = new ProcessRegistry(context.runDir());
    registry.opened();
    LocalProcesses processes =
        new LocalProcesses(
            context.baseDir(),
            logs,
            env,
            registry,
            watcher,
            process -> envFor.apply(context, process));
    try {
      processes.startAll(context.spec().target().processes());
    } catch (Exception e) {
      processes.close();
      throw e;
    }
    LocalProcessDriver driver =
        new LocalProcessDriver(
            processes,
            context.spec().target().processes().stream().map(LocalProcess::name).toList(),
            maxPodsDown(context.spec()),
            context.signals());
    return new Active() {
      @Override
      public List<FaultDriver> drivers() {
        return List.of(driver);
      }

      @Override
      public void restore() throws Exception {
        processes.healAll();
        driver.restored();
      }

      @Override
      public void close() {
        processes.close();
      }
    };
  }
}
