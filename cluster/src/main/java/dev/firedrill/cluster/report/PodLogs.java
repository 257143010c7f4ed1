package dev.firedrill.cluster.report;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firedrill.cluster.fault.ServiceInterception;
import dev.firedrill.cluster.fault.pod.PodSelector;
import dev.firedrill.engine.fault.LedgerEntry;
import dev.firedrill.engine.model.DrillSpec;
import dev.firedrill.engine.model.FaultSpec;
import dev.firedrill.engine.model.PodKill;
import dev.firedrill.engine.model.ProxySpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Writes the logs of a drill's pods since a time into a run's {@code logs/} directory, where the
 * report's log lines by trace id read them ({@code <pod>.log}, or {@code <pod>.<container>.log} for
 * a pod of several containers; every line prefixed with the kubelet's RFC 3339 timestamp, so
 * plain-text logs get their time too).
 *
 * <p>The drill's pods: those of the target's selector, of each pod kill's selector, and of each
 * Service a proxy intercepts — chosen by its original selector, as the operator recorded it in the
 * run's ledger (so the runner needs no access to Services). Pods killed during the run are gone and
 * so are their logs; their replacements' logs are read. At most {@link #MAX_PODS} pods and {@link
 * #MAX_BYTES} per container. Best effort: what cannot be read is one warning each, never thrown.
 */
final class PodLogs {

  /** The most pods whose logs are read. */
  static final int MAX_PODS = 50;

  /** The most bytes of one container's log (the API server's {@code limitBytes}). */
  static final int MAX_BYTES = 8 << 20;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;
  private final String defaultNamespace;

  PodLogs(KubernetesClient client, String defaultNamespace) {
    this.client = client;
    this.defaultNamespace = defaultNamespace;
  }

  /** The selectors of the drill's pods, in the drill's order, without repeats. */
  List<PodSelector> selectors(
      DrillSpec spec, List<LedgerEntry> interceptions, Consumer<String> warn) {
    Set<PodSelector> out = new LinkedHashSet<>();
    String namespace = namespace(spec);
    if (spec.target() != null && !spec.target().selector().isEmpty()) {
      out.add(PodSelector.ofTarget(spec.target(), namespace));
    }
    for (FaultSpec f : spec.faults()) {
      for (var action : f.actions()) {
        if (action instanceof PodKill kill && kill.processes().isEmpty()) {
          out.add(PodSelector.ofKill(kill, spec.target(), namespace));
        }
      }
    }
    if (spec.toxiproxy() != null) {
      for (ProxySpec p : spec.toxiproxy().proxies()) {
        if (p.intercepts()) {
          PodSelector s = serviceSelector(namespace, p.service(), interceptions, warn);
          if (s != null) {
            out.add(s);
          }
        }
      }
    }
    return List.copyOf(out);
  }

  /**
   * Writes the logs since {@code since} of every container of the pods {@code selectors} choose;
   * returns the files written.
   */
  List<Path> write(List<PodSelector> selectors, Instant since, Path logs, Consumer<String> warn) {
    Map<String, Pod> pods = new TreeMap<>();
    for (String ns : selectors.stream().map(PodSelector::namespace).distinct().toList()) {
      List<Pod> inNamespace;
      try {
        inNamespace = client.pods().inNamespace(ns).list().getItems();
      } catch (RuntimeException e) {
        warn.accept("could not list the pods in " + ns + " for their logs: " + e.getMessage());
        continue;
      }
      for (Pod pod : inNamespace) {
        if (selectors.stream().anyMatch(s -> s.matches(pod))) {
          pods.put(ns + "/" + pod.getMetadata().getName(), pod);
        }
      }
    }
    if (pods.size() > MAX_PODS) {
      warn.accept(
          pods.size() + " pods match the drill; the logs of the first " + MAX_PODS + " are read");
    }
    String sinceTime = DateTimeFormatter.ISO_INSTANT.format(since.truncatedTo(ChronoUnit.SECONDS));
    List<Path> written = new ArrayList<>();
    try {
      Files.createDirectories(logs);
    } catch (IOException e) {
      warn.accept("could not create " + logs + ": " + e.getMessage());
      return written;
    }
    pods.values().stream()
        .limit(MAX_PODS)
        .forEach(pod -> {
          List<Container> containers =
              pod.getSpec() == null ? List.of() : pod.getSpec().getContainers();
          for (Container c : containers) {
            String name = pod.getMetadata().getName();
            Path file =
                logs.resolve(
                    containers.size() == 1 ? name + ".log" : name + "." + c.getName() + ".log");
            try {
              String log =
                  client
                      .pods()
                      .inNamespace(pod.getMetadata().getNamespace())
                      .withName(name)
                      .inContainer(c.getName())
                      .withReadyWaitTimeout(0)
                      .usingTimestamps()
                      .limitBytes(MAX_BYTES)
                      .sinceTime(sinceTime)
                      .getLog();
              Files.writeString(file, log == null ? "" : log, StandardCharsets.UTF_8);
              written.add(file);
            } catch (IOException | RuntimeException e) {
              warn.accept(
                  "could not read the log of pod "
                      + name
                      + " container "
                      + c.getName()
                      + ": "
                      + e.getMessage());
            }
          }
        });
    return written;
  }

  /**
   * The pods behind an intercepted Service: its original selector, from the operator's ledger entry
   * of the interception (the Service itself points at the run's Toxiproxy meanwhile).
   */
  private static PodSelector serviceSelector(
      String namespace, String service, List<LedgerEntry> interceptions, Consumer<String> warn) {
    for (LedgerEntry e : interceptions) {
      if (ServiceInterception.KIND.equals(e.driver())
          && service.equals(e.undo().get("service"))
          && namespace.equals(e.undo().get("namespace"))) {
        try {
          Map<String, String> selector =
              JSON.readValue(e.undo().get("selector"), new TypeReference<Map<String, String>>() {});
          if (selector != null && !selector.isEmpty()) {
            return new PodSelector(namespace, selector, List.of());
          }
        } catch (IOException | RuntimeException ex) {
          warn.accept(
              "the interception of Service "
                  + namespace
                  + "/"
                  + service
                  + " records no readable selector: "
                  + ex.getMessage());
          return null;
        }
      }
    }
    warn.accept(
        "no interception of Service "
            + namespace
            + "/"
            + service
            + " in the run's ledger; the logs of its pods are not read");
    return null;
  }

  private String namespace(DrillSpec spec) {
    if (spec.target() != null && spec.target().namespace() != null) {
      return spec.target().namespace();
    }
    if (defaultNamespace != null) {
      return defaultNamespace;
    }
    return client.getNamespace() != null ? client.getNamespace() : "default";
  }
}
