package dev.firedrill.operator.run;

import dev.firedrill.cluster.fault.ServiceHealer;
import dev.firedrill.cluster.fault.pod.PodKillHealer;
import dev.firedrill.cluster.status.StatusLedger;
import dev.firedrill.cluster.status.StatusUpdater;
import dev.firedrill.engine.fault.Healer;
import dev.firedrill.engine.fault.LedgerEntry;
import dev.firedrill.engine.fault.toxiproxy.ToxiproxyDriver;
import dev.firedrill.engine.fault.toxiproxy.ToxiproxyHealer;
import dev.firedrill.engine.run.Engine;
import dev.firedrill.operator.api.v1alpha1.DrillRun;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;

/**
 * Heals a DrillRun from the ledger in its status, with no live run: the operator's side of "no
 * crash leaves a fault behind". Toxiproxy entries are undone against the server each names (with
 * the token of the run's own Toxiproxy, which the caller reads from its Secret); a pod kill has
 * nothing to undo (its Deployment replaces the pod); an intercepted Service gets its original
 * selector and ports back. Every change is written back to the ledger, so what is left (a heal that
 * failed after its retries) stays visible.
 */
@ApplicationScoped
public class RunHealing {

  private final StatusUpdater updater;
  private final KubernetesClient client;

  @Inject
  public RunHealing(KubernetesClient client) {
    this.updater = new StatusUpdater(client);
    this.client = client;
  }

  /** Heals every entry of the run still in effect; returns the entries left in effect. */
  public List<LedgerEntry> heal(DrillRun run) {
    return heal(run, Map.of());
  }

  /**
   * Heals every entry of the run still in effect, sending each Toxiproxy the token {@code tokens}
   * gives for its URL ({@code scheme://host:port}, as the entries name it), if any; returns the
   * entries left in effect.
   */
  public List<LedgerEntry> heal(DrillRun run, Map<String, String> tokens) {
    if (run.getStatus() == null || run.getStatus().faults().isEmpty()) {
      return List.of();
    }
    String ns = run.getMetadata().getNamespace();
    String name = run.getMetadata().getName();
    try (ToxiproxyHealer toxiproxy = new ToxiproxyHealer(ToxiproxyDriver.DEFAULT_TIMEOUT, tokens)) {
      List<Healer> healers = List.of(toxiproxy, new ServiceHealer(client), new PodKillHealer());
      List<LedgerEntry> after =
          Engine.heal(run.getStatus().faults(), healers, new StatusLedger(updater, ns, name));
      return after.stream().filter(e -> e.state().needsHeal()).toList();
    }
  }
}
