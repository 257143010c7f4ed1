package dev.firedrill.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.firedrill.cluster.report.ReportStore;
import dev.firedrill.cluster.runner.ClusterRunner;
import dev.firedrill.cluster.safety.ClusterRules;
import dev.firedrill.engine.model.DurationText;
import dev.firedrill.engine.model.Verdict;
import dev.firedrill.engine.report.SafeText;
import dev.firedrill.engine.validate.LoadedDrill;
import dev.firedrill.operator.api.v1alpha1.Drill;
import dev.firedrill.operator.api.v1alpha1.DrillRun;
import dev.firedrill.operator.api.v1alpha1.DrillRunSpec;
import dev.firedrill.operator.api.v1alpha1.DrillRunStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code firedrill run --cluster FILE --wait}: the CI gate against a cluster. Applies each Drill in
 * the current kube context, creates a DrillRun for it (trigger CI), follows its phase and load,
 * downloads its report when it ends, and exits with its verdict's code. A run the gate gives up on
 * (its {@code --timeout}, or Ctrl-C) is deleted, so the operator heals it; nothing is left injected
 * because CI stopped waiting.
 */
final class ClusterGate {

  /** What the gate was asked. */
  record Options(boolean await, Path junit, Path reportDir, Duration timeout, String namespace) {}

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private final PrintStream out;
  private final Options options;

  ClusterGate(PrintStream out, Options options) {
    this.out = out;
    this.options = options;
  }

  int run(List<LoadedDrill> drills) throws IOException {
    List<String> problems = new ArrayList<>();
    for (LoadedDrill d : drills) {
      ClusterRules.problems(d.spec()).forEach(p -> problems.add(d.source() + ": " + p));
    }
    if (!problems.isEmpty()) {
      problems.forEach(System.err::println);
      System.err.println(problems.size() + " problem(s): nothing was run in the cluster");
      return Firedrill.CANNOT_RUN;
    }
    try (KubernetesClient client = new KubernetesClientBuilder().build()) {
      List<Verdict> verdicts = new ArrayList<>();
      List<Path> junits = new ArrayList<>();
      for (LoadedDrill d : drills) {
        Result r = runOne(client, d);
        if (r.code != null) {
          return r.code;
        }
        verdicts.add(r.verdict);
        if (r.junit != null) {
          junits.add(r.junit);
        }
      }
      if (options.junit() != null && !junits.isEmpty()) {
        JunitFiles.combine(junits, options.junit());
      }
      return RunCommand.exitCode(verdicts);
    } catch (KubernetesClientException e) {
      System.err.println(
          "firedrill run --cluster: the Kubernetes API answered no: "
              + ClusterRunner.describe(e)
              + " (fix: check the kube context and that the Firedrill operator is installed)");
      return Firedrill.CANNOT_RUN;
    }
  }

  /** The outcome of one drill: a verdict and its junit.xml, or an exit code to stop with. */
  private record Result(Verdict verdict, Path junit, Integer code) {}

  private Result runOne(KubernetesClient client, LoadedDrill d) throws IOException {
    String ns = namespace(client, d);
    Drill drill = new Drill();
    drill.setMetadata(new ObjectMetaBuilder().withName(d.name()).withNamespace(ns).build());
    drill.setSpec(d.spec());
    client
        .resource(drill)
        .createOr(existing -> {
          Drill current = client.resources(Drill.class).inNamespace(ns).withName(d.name()).get();
          current.setSpec(d.spec());
          return client.resource(current).update();
        });
    String name = runName(d.name());
    DrillRun run = new DrillRun();
    run.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(ns)
            .addToLabels("firedrill.dev/drill", d.name())
            .addToLabels("firedrill.dev/trigger", "ci")
            .build());
    run.setSpec(DrillRunSpec.of(d.name(), DrillRunSpec.Trigger.CI));
    client.resource(run).create();
    out.println("firedrill: applied Drill " + ns + "/" + d.name() + ", started DrillRun " + name);
    if (!options.await()) {
      out.println("  follow it with: kubectl get drillrun -n " + ns + " " + name + " -w");
      return new Result(Verdict.PASS, null, null);
    }
    DrillRunStatus status = follow(client, ns, name);
    if (status == null) {
      return new Result(null, null, Firedrill.CANNOT_RUN);
    }
    Path dir = options.reportDir() != null ? options.reportDir() : Path.of("runs", name);
    List<String> files = new ReportStore(client).download(ns, name, dir);
    out.println(
        SafeText.line(
            name
                + ": "
                + (status.verdict() == null ? "no verdict" : status.verdict().name())
                + (status.message() == null ? "" : " — " + status.message())));
    for (DrillRunStatus.InvariantSummary i : status.invariants()) {
      out.printf("  %-14s %s%n", i.invariant(), i.validity());
    }
    status.anomalies().stream()
        .limit(3)
        .forEach(a -> out.println(SafeText.line("    " + a.kind() + ": " + a.message())));
    if (!files.isEmpty()) {
      out.println("  report: " + dir.resolve("report.html"));
    }
    Path junit = files.contains("junit.xml") ? dir.resolve("junit.xml") : null;
    Verdict v = status.verdict() == null ? Verdict.PASS : status.verdict(); // a dry run
    return new Result(v, junit, null);
  }

  /** Follows the run until it ends; on timeout or Ctrl-C deletes it (the operator heals it). */
  private DrillRunStatus follow(KubernetesClient client, String ns, String name) {
    long deadline = System.nanoTime() + options.timeout().toNanos();
    DrillRun[] current = new DrillRun[1];
    Thread hook =
        new Thread(() -> {
          DrillRun r = current[0];
          if (r == null || r.getStatus() == null || !r.getStatus().terminal()) {
            client.resources(DrillRun.class).inNamespace(ns).withName(name).delete();
            out.println(
                "firedrill: interrupted; DrillRun " + name + " deleted, the operator heals it");
          }
        });
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      String last = null;
      while (System.nanoTime() < deadline) {
        DrillRun r = client.resources(DrillRun.class).inNamespace(ns).withName(name).get();
        current[0] = r;
        if (r == null) {
          System.err.println("firedrill: DrillRun " + ns + "/" + name + " was deleted");
          return null;
        }
        DrillRunStatus s = r.getStatus();
        String line = line(s);
        if (!Objects.equals(line, last)) {
          out.println("  " + SafeText.line(line));
          last = line;
        }
        if (s != null && s.terminal()) {
          return s;
        }
        try {
          Thread.sleep(1000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return null;
        }
      }
      client.resources(DrillRun.class).inNamespace(ns).withName(name).delete();
      System.err.println(
          "firedrill: DrillRun "
              + ns
              + "/"
              + name
              + " did not end within "
              + DurationText.format(options.timeout())
              + "; deleted it, the operator heals it (fix: a longer --timeout)");
      return null;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running
      }
    }
  }

  private static String line(DrillRunStatus s) {
    if (s == null || s.phase() == null) {
      return "phase Pending";
    }
    StringBuilder b = new StringBuilder("phase " + s.phase());
    if (s.operations() != null) {
      b.append(
          String.format(
              " ops=%d ok=%d fail=%d info=%d",
              s.operations().invoked(),
              s.operations().ok(),
              s.operations().fail(),
              s.operations().info()));
    }
    long injected =
        s.faults().stream()
            .filter(e -> e.state() == dev.firedrill.engine.fault.LedgerEntry.State.INJECTED)
            .count();
    if (injected > 0) {
      b.append(" faults in effect=").append(injected);
    }
    return b.toString();
  }

  private String namespace(KubernetesClient client, LoadedDrill d) {
    if (options.namespace() != null) {
      return options.namespace();
    }
    try {
      JsonNode doc = new YAMLMapper().readTree(d.text());
      String ns = doc == null ? "" : doc.path("metadata").path("namespace").asText("");
      if (!ns.isEmpty()) {
        return ns;
      }
    } catch (IOException e) {
      // a multi-document file: fall back to the context's namespace
    }
    return client.getNamespace() != null ? client.getNamespace() : "default";
  }

  private static String runName(String drill) {
    String base = drill.length() > 40 ? drill.substring(0, 40) : drill;
    return base + "-ci-" + STAMP.format(ZonedDateTime.now());
  }

  /** Copies the run's junit.xml where CI reads it; several runs become one testsuites file. */
  static final class JunitFiles {
    private JunitFiles() {}

    static void combine(List<Path> files, Path target) throws IOException {
      if (target.getParent() != null) {
        Files.createDirectories(target.getParent());
      }
      if (files.size() == 1) {
        Files.copy(files.getFirst(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return;
      }
      StringBuilder all =
          new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
      for (Path f : files) {
        all.append(Files.readString(f).replaceFirst("^<\\?xml[^>]*>\\s*", "")).append('\n');
      }
      Files.writeString(target, all.append("</testsuites>\n"));
    }
  }
}
