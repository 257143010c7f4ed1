package dev.firedrill.cli;

import dev.firedrill.cluster.report.ReportStore;
import dev.firedrill.cluster.runner.ClusterRunner;
import dev.firedrill.operator.api.v1alpha1.DrillRun;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code firedrill report DRILLRUN}: downloads a cluster run's files — history.jsonl, results.json,
 * junit.xml, report.html, drill.yaml — from the report ConfigMaps into a folder, so {@code
 * firedrill check} and a browser work on them as on a local run.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = "Download a DrillRun's history and reports from the cluster.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  firedrill report phantom-writes-20261201-020000 -n shop",
      "  firedrill report phantom-writes-20261201-020000 -n shop --out ci-report/",
      "",
      "Exit: 0 the files were downloaded, 2 the run or its report was not found."
    })
final class ReportCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "DRILLRUN", description = "Name of the DrillRun.")
  String name;

  @Option(
      names = {"-n", "--namespace"},
      description = "Namespace of the DrillRun (default: the kube context's).")
  String namespace;

  @Option(names = "--out", description = "Folder to write into (default: ./DRILLRUN).")
  Path out;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter o = spec.commandLine().getOut();
    try (KubernetesClient client = new KubernetesClientBuilder().build()) {
      String ns = namespace != null ? namespace : client.getNamespace();
      DrillRun run = client.resources(DrillRun.class).inNamespace(ns).withName(name).get();
      if (run == null) {
        err.println(
            "firedrill report: no DrillRun "
                + ns
                + "/"
                + name
                + " (fix: kubectl get drillruns -n "
                + ns
                + ")");
        return Firedrill.CANNOT_RUN;
      }
      Path dir = out != null ? out : Path.of(name);
      List<String> files = new ReportStore(client).download(ns, name, dir);
      if (files.isEmpty()) {
        err.println(
            "firedrill report: DrillRun "
                + ns
                + "/"
                + name
                + " has no report yet"
                + (run.getStatus() == null || run.getStatus().phase() == null
                    ? ""
                    : " (phase " + run.getStatus().phase() + ")"));
        return Firedrill.CANNOT_RUN;
      }
      o.println(
          ns
              + "/"
              + name
              + ": "
              + (run.getStatus().verdict() == null ? "no verdict" : run.getStatus().verdict())
              + " — "
              + String.join(", ", files)
              + " in "
              + dir);
      return Firedrill.PASS;
    } catch (KubernetesClientException e) {
      err.println(
          "firedrill report: the Kubernetes API answered no: "
              + ClusterRunner.describe(e)
              + " (fix: check the kube context)");
      return Firedrill.CANNOT_RUN;
    } catch (IOException e) {
      err.println("firedrill report: cannot write the files: " + e.getMessage());
      return Firedrill.CANNOT_RUN;
    } finally {
      o.flush();
      err.flush();
    }
  }
}
