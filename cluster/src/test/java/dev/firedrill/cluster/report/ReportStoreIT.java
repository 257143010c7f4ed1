package dev.firedrill.cluster.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.operator.api.v1alpha1.DrillRun;
import dev.firedrill.operator.api.v1alpha1.DrillRunSpec;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report store against Fabric8's mock API server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class ReportStoreIT {

  static KubernetesClient client;

  @TempDir Path dir;

  private static DrillRun create(String name) {
    DrillRun run = new DrillRun();
    run.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("shop").build());
    run.setSpec(DrillRunSpec.of("phantom-writes", DrillRunSpec.Trigger.CI));
    return client.resource(run).create();
  }

  @Test
  void filesComeBackByteForByteAndTheIndexIsOwnedByTheRun() throws Exception {
    DrillRun run = create("small");
    Path runDir = dir.resolve("small");
    Files.createDirectories(runDir);
    Files.writeString(runDir.resolve("results.json"), "{\"verdict\":\"Fail\"}");
    Files.writeString(runDir.resolve("junit.xml"), "<testsuite/>");
    Files.writeString(runDir.resolve("report.html"), "<html>é</html>");
    Files.writeString(runDir.resolve("history.jsonl"), "{\"index\":0}\n");

    String url = new ReportStore(client).write(run, runDir);

    assertThat(url).isEqualTo("configmap:shop/small-report");
    ConfigMap index = client.configMaps().inNamespace("shop").withName("small-report").get();
    assertThat(index.getData()).containsEntry("results.json", "{\"verdict\":\"Fail\"}");
    assertThat(index.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo(run.getMetadata().getUid()));
    Map<String, byte[]> files = new ReportStore(client).read("shop", "small");
    assertThat(files).containsOnlyKeys("results.json", "junit.xml", "report.html", "history.jsonl");
    assertThat(new String(files.get("report.html"), StandardCharsets.UTF_8))
        .isEqualTo("<html>é</html>");
  }

  @Test
  void aHistoryLargerThanOneConfigMapIsChunkedAcrossSeveral() throws Exception {
    DrillRun run = create("large");
    Path runDir = dir.resolve("large");
    Files.createDirectories(runDir);
    byte[] noise = new byte[3 * 1024 * 1024]; // random: gzip cannot shrink it below one chunk
    new SplittableRandom(7).nextBytes(noise);
    Files.write(runDir.resolve("history.jsonl"), noise);
    Files.writeString(runDir.resolve("results.json"), "{}");

    new ReportStore(client).write(run, runDir);

    assertThat(client.configMaps().inNamespace("shop").list().getItems())
        .filteredOn(c -> c.getMetadata().getName().startsWith("large-report-"))
        .hasSizeGreaterThanOrEqualTo(4);
    Path out = dir.resolve("download");
    new ReportStore(client).download("shop", "large", out);
    assertThat(Files.readAllBytes(out.resolve("history.jsonl"))).isEqualTo(noise);
  }
}
