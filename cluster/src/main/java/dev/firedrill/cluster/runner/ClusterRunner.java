package dev.firedrill.cluster.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.firedrill.cluster.fault.network.ClusterToxiproxySetup;
import dev.firedrill.cluster.report.ReportStore;
import dev.firedrill.cluster.safety.ClusterRules;
import dev.firedrill.cluster.status.DrillRunStatuses;
import dev.firedrill.cluster.status.StatusLedger;
import dev.firedrill.cluster.status.StatusUpdater;
import dev.firedrill.engine.model.ProxySpec;
import dev.firedrill.engine.model.RunPhase;
import dev.firedrill.engine.model.ToxiproxySpec;
import dev.firedrill.engine.run.Engine;
import dev.firedrill.engine.run.NemesisEvent;
import dev.firedrill.engine.run.RunHandle;
import dev.firedrill.engine.run.RunListener;
import dev.firedrill.engine.run.RunRequest;
import dev.firedrill.engine.run.RunResult;
import dev.firedrill.engine.run.Setup;
import dev.firedrill.engine.validate.DrillLoader;
import dev.firedrill.engine.validate.DrillManifest;
import dev.firedrill.engine.validate.LoadResult;
import dev.firedrill.engine.validate.LoadedDrill;
import dev.firedrill.engine.workload.OpenLoop;
import dev.firedrill.operator.api.v1alpha1.DrillRun;
import dev.firedrill.operator.api.v1alpha1.DrillRunStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.function.BiFunction;

/**
 * What {@code firedrill run --in-cluster --drill-run NS/NAME} does in a runner Job: reads the
 * DrillRun's snapshot of its Drill, runs it with the engine — Toxiproxy at the URL the drill or the
 * operator gives, pods through the API — keeps the fault ledger in the DrillRun's status (written
 * before every inject), reports its phases and load there, stores the files in the report
 * ConfigMaps and writes the verdict. The operator ends the run (cleanup, terminal phase).
 */
public final class ClusterRunner {

  /** The setups of a cluster run beyond Toxiproxy (pods through the API), for the run. */
  public interface MoreSetups extends BiFunction<KubernetesClient, DrillRun, List<Setup>> {}

  private static final long STATUS_EVERY_NANOS = 3_000_000_000L;

  /**
   * The runner's environment variable with the token of the run's own Toxiproxy API, which the
   * operator sets from the run's Secret ({@code secretKeyRef}) when that proxy asks for one.
   */
  public static final String TOKEN_ENV = "FIREDRILL_TOXIPROXY_TOKEN";

  private final KubernetesClient client;
  private final Path workDir;
  private final PrintStream out;
  private final MoreSetups more;
  private volatile RunHandle handle;

  public ClusterRunner(KubernetesClient client, Path workDir, PrintStream out, MoreSetups more) {
    this.client = client;
    this.workDir = workDir;
    this.out = out;
    this.more = more;
  }

  /** Cancels the run under way (SIGTERM of the runner pod): it heals, then finishes. */
  public void cancel(String reason) {
    RunHandle h = handle;
    if (h != null) {
      h.cancel(reason);
    }
  }

  /**
   * Runs the DrillRun to its result; returns the exit code (the verdict's, or 2 when it cannot
   * run).
   */
  public int run(String namespace, String name) throws IOException {
    DrillRun run = client.resources(DrillRun.class).inNamespace(namespace).withName(name).get();
    if (run == null) {
      out.println("firedrill: no DrillRun " + namespace + "/" + name + " (fix: check the name)");
      return 2;
    }
    DrillRunStatus status = run.getStatus();
    if (status == null || status.snapshot() == null || status.runId() == null) {
      out.println(
          "firedrill: DrillRun "
              + namespace
              + "/"
              + name
              + " has no snapshot of its Drill yet (the operator writes it while Pending)");
      return 2;
    }
    LoadedDrill drill = drill(namespace, run);
    if (drill == null) {
      return 2;
    }
    StatusUpdater updater = new StatusUpdater(client);
    List<Setup> setups = new ArrayList<>();
    Setup network = network(drill, status);
    if (network == null) {
      return 2;
    }
    setups.add(network);
    setups.addAll(more.apply(client, run));
    Path runDir = workDir.resolve(name);
    RunRequest request =
        RunRequest.of(drill, runDir)
            .withSeed(status.seed())
            .withRunId(status.runId())
            .withSetups(setups)
            .withLedger(new StatusLedger(updater, namespace, name))
            .withListener(new StatusListener(updater, namespace, name, out));
    handle = Engine.start(request);
    RunResult result;
    try {
      result = handle.await();
    } catch (ExecutionException e) {
      out.println("firedrill: the run failed: " + e.getCause());
      return 2;
    }
    String reportUrl = null;
    try {
      reportUrl = new ReportStore(client).write(run, runDir);
    } catch (IOException | RuntimeException e) {
      out.println("firedrill: could not store the reports: " + e.getMessage());
    }
    String url = reportUrl;
    updater.update(namespace, name, s -> DrillRunStatuses.result(s, result, url));
    out.println(
        "firedrill: "
            + name
            + " "
            + result.verdict()
            + (result.message() == null ? "" : " — " + result.message()));
    return result.verdict().exitCode();
  }

  /**
   * The run's network: the Toxiproxy the operator deployed for it (with the intercepted Services'
   * proxies; its token from {@value #TOKEN_ENV}, when set), else the drill's {@code toxiproxy.url}
   * (no token: an external Toxiproxy is the user's); null (after saying why) when a drill with
   * proxies has neither.
   */
  private Setup network(LoadedDrill drill, DrillRunStatus status) {
    ToxiproxySpec spec = drill.spec().toxiproxy();
    if (spec == null) {
      return new ClusterToxiproxySetup(URI.create("http://unused:8474"), List.of());
    }
    String url = status.toxiproxyUrl() != null ? status.toxiproxyUrl() : spec.url();
    if (url == null) {
      out.println(
          "firedrill: "
              + drill.source()
              + ": spec.toxiproxy has no url and the operator intercepted no Service for this run"
              + " (fix: set toxiproxy.url, or name Services in toxiproxy.proxies[].service)");
      return null;
    }
    List<String> intercepted =
        status.toxiproxyUrl() == null
            ? List.of()
            : spec.proxies().stream().filter(ProxySpec::intercepts).map(ProxySpec::name).toList();
    String token = status.toxiproxyUrl() == null ? null : System.getenv(TOKEN_ENV);
    return new ClusterToxiproxySetup(
        URI.create(url), intercepted, token == null || token.isEmpty() ? null : token);
  }

  /** The run's snapshot as a drill, validated again and checked against the cluster rules. */
  private LoadedDrill drill(String namespace, DrillRun run) throws IOException {
    ObjectMapper yaml = new YAMLMapper();
    ObjectNode manifest = yaml.createObjectNode();
    manifest.put("apiVersion", DrillManifest.API_VERSION);
    manifest.put("kind", DrillManifest.KIND);
    manifest.putObject("metadata").put("name", run.getSpec().drill()).put("namespace", namespace);
    manifest.set("spec", yaml.valueToTree(run.getStatus().snapshot()));
    String source = "drillruns/" + namespace + "/" + run.getMetadata().getName();
    LoadResult loaded = new DrillLoader().load(source, yaml.writeValueAsString(manifest));
    List<String> problems = new ArrayList<>();
    loaded.problems().forEach(p -> problems.add(p.path() + ": " + p.message()));
    if (loaded.valid()) {
      problems.addAll(ClusterRules.problems(loaded.drills().getFirst().spec()));
    }
    if (!problems.isEmpty()) {
      problems.forEach(p -> out.println("firedrill: " + source + ": " + p));
      return null;
    }
    return loaded.drills().getFirst();
  }

  /** An exception and its root cause, in one line. */
  public static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return e.getMessage() + (root == e ? "" : " (" + root + ")");
  }

  /** Writes the runner's phases and load into the status, and progress to the pod's log. */
  private static final class StatusListener implements RunListener {
    private final StatusUpdater updater;
    private final String namespace;
    private final String name;
    private final PrintStream out;
    private long lastOperations;

    StatusListener(StatusUpdater updater, String namespace, String name, PrintStream out) {
      this.updater = updater;
      this.namespace = namespace;
      this.name = name;
      this.out = out;
    }

    @Override
    public void phase(RunPhase phase, String message) {
      out.println("  phase " + phase + (message == null ? "" : ": " + message));
      if (phase == RunPhase.PENDING || phase.terminal()) {
        return; // Pending and the end are the operator's
      }
      try {
        updater.update(namespace, name, s -> DrillRunStatuses.runnerPhase(s, phase, message));
      } catch (RuntimeException e) {
        out.println("  could not record phase " + phase + ": " + describe(e));
      }
    }

    @Override
    public void operations(OpenLoop.Stats soFar) {
      long now = System.nanoTime();
      if (now - lastOperations < STATUS_EVERY_NANOS) {
        return;
      }
      lastOperations = now;
      try {
        updater.update(namespace, name, s -> DrillRunStatuses.operations(s, soFar));
      } catch (RuntimeException e) {
        out.println("  could not record the load: " + describe(e));
      }
    }

    @Override
    public void nemesis(NemesisEvent e) {}

    @Override
    public void progress(String line) {
      out.println("  " + line);
    }
  }
}
