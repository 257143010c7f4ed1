package dev.firedrill.cluster.fault.pod;

import dev.firedrill.engine.fault.FaultDriver;
import dev.firedrill.engine.fault.LedgerEntry;
import dev.firedrill.engine.model.DrillSpec;
import dev.firedrill.engine.model.DurationText;
import dev.firedrill.engine.model.PodKill;
import dev.firedrill.engine.plan.PlannedFault;
import dev.firedrill.engine.run.RunSignals;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * Kills pods through the Kubernetes API: the pod kills of a cluster run (those with no local
 * processes to choose from).
 *
 * <p>{@link #prepare} lists the pods the kill's selector matches (see {@link PodSelector#ofKill}),
 * chooses among the live ones with the fault's seed ({@link PodChoice}), refuses a kill that would
 * take more pods down than {@code guardrails.maxPodsDown} allows (nothing recorded, nothing
 * killed), and returns one ledger entry per pod: target {@code namespace/name}, undo the pod's
 * {@code uid}. {@link #inject} deletes exactly that pod — a DELETE with a uid precondition, so a
 * replacement that took the same name (a StatefulSet's) is never killed instead — with the kill's
 * grace period (default: the pod's own). A kill is not undone: its entry ends Done and {@link
 * #heal} does nothing. After each kill the pool's watch waits for a replacement and notes {@code
 * replaced} in the history with the milliseconds from the kill to a new Ready pod.
 */
public final class PodKillDriver implements FaultDriver {

  /** The driver kind in ledger entries. */
  public static final String KIND = "pod";

  /** The nemesis note written when a killed pod's replacement is Ready. */
  public static final String REPLACED = "replaced";

  private static final long REQUEST_TIMEOUT_SECONDS = 10;

  private final KubernetesClient client;
  private final DrillSpec spec;
  private final String defaultNamespace;
  private final RunSignals signals;
  private final LongSupplier nanos;
  private final Integer maxPodsDown;
  private final Map<PodSelector, PodPool> pools = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> knownAtChoice = new ConcurrentHashMap<>();
  private final PodPool target;

  /**
   * @param pools the watches the setup opened, by selector: the target's ({@code target}, may be
   *     null) and each kill's
   */
  PodKillDriver(
      KubernetesClient client,
      DrillSpec spec,
      String defaultNamespace,
      RunSignals signals,
      LongSupplier nanos,
      Integer maxPodsDown,
      Map<PodSelector, PodPool> pools,
      PodPool target) {
    this.client = client;
    this.spec = spec;
    this.defaultNamespace = defaultNamespace;
    this.signals = signals;
    this.nanos = nanos;
    this.maxPodsDown = maxPodsDown;
    this.pools.putAll(pools);
    this.target = target;
  }

  @Override
  public String kind() {
    return KIND;
  }

  /** Pod kills with no local processes to kill: those the plan chose no targets for. */
  @Override
  public boolean handles(PlannedFault fault) {
    return fault.action() instanceof PodKill kill
        && kill.processes().isEmpty()
        && fault.targets().isEmpty();
  }

  @Override
  public List<LedgerEntry> prepare(PlannedFault fault) {
    PodKill kill = (PodKill) fault.action();
    PodSelector selector = PodSelector.ofKill(kill, spec.target(), defaultNamespace);
    List<Pod> listed = list(selector);
    List<Pod> chosen = PodChoice.choose(listed, selector, kill, fault.choiceSeed());
    veto(fault, selector, listed, chosen);
    knownAtChoice.put(
        fault.id(), listed.stream().map(Pods::uid).collect(Collectors.toUnmodifiableSet()));
    List<LedgerEntry> entries = new ArrayList<>();
    for (Pod pod : chosen) {
      Map<String, String> undo = new LinkedHashMap<>();
      undo.put("namespace", pod.getMetadata().getNamespace());
      undo.put("name", pod.getMetadata().getName());
      undo.put("uid", Pods.uid(pod));
      entries.add(LedgerEntry.planned(fault.id(), kill.kind(), KIND, Pods.ref(pod), undo, null));
    }
    return entries;
  }

  @Override
  public String inject(PlannedFault fault, LedgerEntry entry) throws IOException {
    PodKill kill = (PodKill) fault.action();
    String namespace = entry.undo().get("namespace");
    String name = entry.undo().get("name");
    String uid = entry.undo().get("uid");
    Long grace =
        kill.gracePeriod() == null ? null : DurationText.parse(kill.gracePeriod()).toSeconds();
    delete(namespace, name, uid, grace);
    long killedAt = nanos.getAsLong();
    PodPool pool = pools.get(PodSelector.ofKill(kill, spec.target(), defaultNamespace));
    if (pool != null) {
      pool.awaitReplacement(
          fault.id(),
          entry.target(),
          knownAtChoice.getOrDefault(fault.id(), Set.of()),
          killedAt,
          this::noteReplaced);
    }
    return "pod "
        + entry.target()
        + " (uid "
        + uid
        + (grace == null ? "" : ", grace " + grace + "s")
        + ")";
  }

  /** A kill has nothing to undo: the pod's controller replaces it. */
  @Override
  public void heal(LedgerEntry entry) {}

  private List<Pod> list(PodSelector selector) {
    var pods = client.pods().inNamespace(selector.namespace());
    return (selector.matchLabels().isEmpty() ? pods : pods.withLabels(selector.matchLabels()))
        .list()
        .getItems();
  }

  /**
   * Refuses a kill that would leave more than {@code maxPodsDown} pods down in the kill's pool or
   * in the target's: down now (against the pool's baseline) plus the Ready pods it would kill.
   */
  private void veto(PlannedFault fault, PodSelector selector, List<Pod> listed, List<Pod> chosen) {
    if (maxPodsDown == null) {
      return;
    }
    PodPool own = pools.get(selector);
    List<String> why = new ArrayList<>();
    check(selector, own, listed, chosen, why);
    if (target != null && !target.selector().equals(selector)) {
      check(target.selector(), target, target.pods(), chosen, why);
    }
    if (!why.isEmpty()) {
      throw new IllegalStateException(
          "vetoed by guardrails maxPodsDown ("
              + maxPodsDown
              + "): killing "
              + chosen.stream().map(Pods::ref).collect(Collectors.joining(", "))
              + " "
              + String.join("; ", why)
              + "; nothing was killed");
    }
  }

  private void check(
      PodSelector selector, PodPool pool, List<Pod> pods, List<Pod> chosen, List<String> why) {
    List<Pod> mine = pods.stream().filter(selector::matches).toList();
    long ready = mine.stream().filter(Pods::ready).count();
    long baseline = pool == null ? ready : pool.baseline();
    long downNow = Math.max(0, baseline - ready);
    long more = chosen.stream().filter(selector::matches).filter(Pods::ready).count();
    if (downNow + more > maxPodsDown) {
      why.add(
          "would take "
              + (downNow + more)
              + " of the "
              + baseline
              + " pods matching "
              + selector.describe()
              + " down"
              + (downNow == 0 ? "" : " (" + downNow + " down already)"));
    }
  }

  private void noteReplaced(PodPool.Replacement r) {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("target", r.killed());
    if (r.replacement() != null) {
      value.put("replacement", r.replacement());
      value.put("ms", r.millis());
      signals.note(REPLACED, r.faultId(), value, null);
    } else {
      value.put("waitedMs", r.millis());
      signals.note(
          REPLACED,
          r.faultId(),
          value,
          "no replacement of " + r.killed() + " was Ready by the end of the run");
    }
  }

  /**
   * DELETE of one pod incarnation: Kubernetes answers 409 when the uid precondition fails (the name
   * now belongs to a replacement) and 404 when the pod is gone; both mean this kill did not happen.
   */
  private void delete(String namespace, String name, String uid, Long graceSeconds)
      throws IOException {
    String base = client.getMasterUrl().toString();
    String url =
        (base.endsWith("/") ? base : base + "/")
            + "api/v1/namespaces/"
            + namespace
            + "/pods/"
            + name;
    String body =
        "{\"apiVersion\":\"v1\",\"kind\":\"DeleteOptions\""
            + (graceSeconds == null ? "" : ",\"gracePeriodSeconds\":" + graceSeconds)
            + ",\"preconditions\":{\"uid\":\""
            + uid
            + "\"}}";
    HttpRequest request =
        client
            .getHttpClient()
            .newHttpRequestBuilder()
            .uri(url)
            .delete("application/json", body)
            .timeout(REQUEST_TIMEOUT_SECONDS, TimeUnit.SECONDS)
            .build();
    HttpResponse<String> response;
    try {
      response =
          client
              .getHttpClient()
              .sendAsync(request, String.class)
              .get(REQUEST_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while deleting pod " + namespace + "/" + name, e);
    } catch (Exception e) {
      throw new IOException("deleting pod " + namespace + "/" + name + " failed: " + e, e);
    }
    int code = response.code();
    if (code == 404) {
      throw new IOException("pod " + namespace + "/" + name + " was gone before the kill");
    }
    if (code == 409) {
      throw new IOException(
          "pod "
              + namespace
              + "/"
              + name
              + " was replaced before the kill (uid "
              + uid
              + " no longer has that name)");
    }
    if (code / 100 != 2) {
      throw new IOException(
          "deleting pod " + namespace + "/" + name + " answered " + code + ": " + response.body());
    }
  }
}
