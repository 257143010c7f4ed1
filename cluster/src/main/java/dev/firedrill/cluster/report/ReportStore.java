package dev.firedrill.cluster.report;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firedrill.operator.api.v1alpha1.DrillRun;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Keeps a cluster run's files — history.jsonl, results.json, junit.xml, report.html, drill.yaml —
 * in ConfigMaps in the run's namespace, owned by the DrillRun (deleted with it). Each file is
 * gzipped and split into chunks of at most {@value #CHUNK} bytes across ConfigMaps named {@code
 * <run>-report} (the index, plus results.json and junit.xml as plain text for {@code kubectl}) and
 * {@code <run>-report-<n>}, so one ConfigMap stays under the API server's 1 MiB object limit. At
 * most {@value #MAX_CHUNKS} chunks are kept (about 11 MiB compressed, tens of millions of history
 * lines); a file beyond that is cut short and the index says so.
 */
public final class ReportStore {

  /** Suffix of the index ConfigMap's name. */
  public static final String SUFFIX = "-report";

  /** Largest compressed chunk in one ConfigMap entry (base64 makes it 4/3 larger). */
  static final int CHUNK = 700 * 1024;

  /** Most chunks kept per run. */
  static final int MAX_CHUNKS = 16;

  /** The files of a run directory that are kept, in this order. */
  public static final List<String> FILES =
      List.of("results.json", "junit.xml", "report.html", "drill.yaml", "history.jsonl");

  private static final int PLAIN_LIMIT = 256 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;

  public ReportStore(KubernetesClient client) {
    this.client = client;
  }

  /** The index ConfigMap's name for a run. */
  public static String indexName(String run) {
    return run + SUFFIX;
  }

  /** Stores the files of {@code runDir}; returns {@code configmap:<namespace>/<index>}. */
  public String write(DrillRun run, Path runDir) throws IOException {
    String ns = run.getMetadata().getNamespace();
    String name = run.getMetadata().getName();
    OwnerReference owner =
        new OwnerReferenceBuilder()
            .withApiVersion(run.getApiVersion())
            .withKind(run.getKind())
            .withName(name)
            .withUid(run.getMetadata().getUid())
            .withController(true)
            .build();
    Map<String, Object> index = new LinkedHashMap<>();
    Map<String, String> plain = new LinkedHashMap<>();
    List<byte[]> chunks = new java.util.ArrayList<>();
    boolean cut = false;
    for (String file : FILES) {
      Path p = runDir.resolve(file);
      if (!Files.isRegularFile(p)) {
        continue;
      }
      byte[] raw = Files.readAllBytes(p);
      if ((file.equals("results.json") || file.equals("junit.xml")) && raw.length <= PLAIN_LIMIT) {
        plain.put(file, new String(raw, StandardCharsets.UTF_8));
      }
      byte[] gz = gzip(raw);
      int first = chunks.size();
      for (int at = 0; at < gz.length; at += CHUNK) {
        if (chunks.size() == MAX_CHUNKS) {
          cut = true;
          break;
        }
        chunks.add(Arrays.copyOfRange(gz, at, Math.min(gz.length, at + CHUNK)));
      }
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("bytes", raw.length);
      entry.put("gzipBytes", gz.length);
      entry.put("firstChunk", first);
      entry.put("chunks", chunks.size() - first);
      entry.put("complete", (long) (chunks.size() - first) * CHUNK >= gz.length);
      index.put(file, entry);
    }
    // Chunk 0 and 1 ride in the index ConfigMap when they fit; the others get one each.
    Map<String, String> indexBinary = new LinkedHashMap<>();
    for (int i = 0; i < chunks.size(); i++) {
      String key = "chunk-" + i;
      String data = Base64.getEncoder().encodeToString(chunks.get(i));
      if (i == 0 && totalPlain(plain) + data.length() < 900 * 1024) {
        indexBinary.put(key, data);
      } else {
        apply(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(indexName(name) + "-" + i)
                .withNamespace(ns)
                .withOwnerReferences(owner)
                .addToLabels("firedrill.dev/run", name)
                .endMetadata()
                .withBinaryData(Map.of(key, data))
                .build());
      }
    }
    Map<String, String> data = new LinkedHashMap<>(plain);
    data.put("index.json", JSON.writeValueAsString(index));
    if (cut) {
      data.put("truncated", "the run's files exceed " + MAX_CHUNKS + " chunks; the last are cut");
    }
    apply(
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName(indexName(name))
            .withNamespace(ns)
            .withOwnerReferences(owner)
            .addToLabels("firedrill.dev/run", name)
            .endMetadata()
            .withData(data)
            .withBinaryData(indexBinary)
            .build());
    return "configmap:" + ns + "/" + indexName(name);
  }

  /** The files stored for a run, by name; empty when it has none. */
  public Map<String, byte[]> read(String namespace, String run) throws IOException {
    ConfigMap main = client.configMaps().inNamespace(namespace).withName(indexName(run)).get();
    if (main == null || main.getData() == null || !main.getData().containsKey("index.json")) {
      return Map.of();
    }
    Map<String, Map<String, Object>> index =
        JSON.readValue(main.getData().get("index.json"), new TypeReference<>() {});
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (Map.Entry<String, Map<String, Object>> e : index.entrySet()) {
      int first = ((Number) e.getValue().get("firstChunk")).intValue();
      int count = ((Number) e.getValue().get("chunks")).intValue();
      ByteArrayOutputStream gz = new ByteArrayOutputStream();
      for (int i = first; i < first + count; i++) {
        gz.write(chunk(namespace, run, main, i));
      }
      files.put(e.getKey(), gunzip(gz.toByteArray()));
    }
    return files;
  }

  /** Writes the stored files of a run into {@code dir}; returns their names. */
  public List<String> download(String namespace, String run, Path dir) throws IOException {
    Map<String, byte[]> files = read(namespace, run);
    Files.createDirectories(dir);
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      Files.write(dir.resolve(f.getKey()), f.getValue());
    }
    return List.copyOf(files.keySet());
  }

  private byte[] chunk(String ns, String run, ConfigMap main, int i) throws IOException {
    String key = "chunk-" + i;
    String data = main.getBinaryData() == null ? null : main.getBinaryData().get(key);
    if (data == null) {
      ConfigMap part = client.configMaps().inNamespace(ns).withName(indexName(run) + "-" + i).get();
      data = part == null || part.getBinaryData() == null ? null : part.getBinaryData().get(key);
    }
    if (data == null) {
      throw new IOException("the report of " + ns + "/" + run + " lacks its " + key);
    }
    return Base64.getDecoder().decode(data);
  }

  private void apply(ConfigMap map) {
    client.resource(map).createOr(existing -> existing.update());
  }

  private static int totalPlain(Map<String, String> plain) {
    return plain.values().stream().mapToInt(String::length).sum();
  }

  private static byte[] gzip(byte[] raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(raw);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static byte[] gunzip(byte[] gz) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) > 0; ) {
        out.write(buffer, 0, n);
      }
    } catch (java.io.EOFException e) {
      // a file cut short (the index says truncated): keep what could be read
    }
    return out.toByteArray();
  }
}
