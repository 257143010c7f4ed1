package dev.firedrill.cluster.fault.pod;

import dev.firedrill.engine.fault.FaultDriver;
import dev.firedrill.engine.model.DrillSpec;
import dev.firedrill.engine.model.FaultSpec;
import dev.firedrill.engine.model.Guardrail;
import dev.firedrill.engine.model.PodKill;
import dev.firedrill.engine.run.RunContext;
import dev.firedrill.engine.run.RunSignals;
import dev.firedrill.engine.run.Setup;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * The pods of a cluster run: the {@link PodKillDriver} for its pod kills, a watch over the pods
 * each kill chooses from (opened before the load, so a replacement's time to Ready is measured from
 * the kill), and, when the drill has a {@code maxPodsDown} guardrail, a watch over the target's
 * pods that trips the run's guardrail — every fault healed at once, verdict Aborted — as soon as
 * more than that many are down (see {@link PodPool} for what down means).
 */
public final class KubernetesPodsSetup implements Setup {

  private final KubernetesClient client;
  private final String defaultNamespace;
  private final LongSupplier nanos;

  /** Pods through {@code client}; a drill that names no namespace uses the client's. */
  public KubernetesPodsSetup(KubernetesClient client) {
    this(client, null, System::nanoTime);
  }

  /**
   * @param defaultNamespace the namespace of a drill that names none (the Drill's own), or null for
   *     the client's
   * @param nanos the clock of replacement times ({@link System#nanoTime}; movable in tests)
   */
  public KubernetesPodsSetup(KubernetesClient client, String defaultNamespace, LongSupplier nanos) {
    this.client = client;
    this.defaultNamespace = defaultNamespace;
    this.nanos = nanos;
  }

  @Override
  public String describe() {
    return "pods through the Kubernetes API at " + client.getMasterUrl();
  }

  @Override
  public Active open(RunContext context) throws Exception {
    DrillSpec spec = context.spec();
    String namespace = namespace();
    Integer max = maxPodsDown(spec);
    Map<PodSelector, PodPool> pools = new LinkedHashMap<>();
    PodPool target = null;
    try {
      if (max != null && spec.target() != null && !spec.target().selector().isEmpty()) {
        target = pool(pools, PodSelector.ofTarget(spec.target(), namespace));
      }
      for (FaultSpec f : spec.faults()) {
        if (f.actions().size() == 1
            && f.action() instanceof PodKill kill
            && isCluster(spec, kill)) {
          pool(pools, PodSelector.ofKill(kill, spec.target(), namespace));
        }
      }
      for (PodPool p : pools.values()) {
        p.start();
      }
    } catch (Exception e) {
      pools.values().forEach(PodPool::close);
      throw e;
    }
    if (target != null) {
      guard(target, max, context.signals());
    }
    PodKillDriver driver =
        new PodKillDriver(client, spec, namespace, context.signals(), nanos, max, pools, target);
    return new Active() {
      @Override
      public List<FaultDriver> drivers() {
        return List.of(driver);
      }

      @Override
      public void close() {
        pools.values().forEach(PodPool::close);
      }
    };
  }

  /** The strictest {@code maxPodsDown} of the drill's guardrails, or null. */
  static Integer maxPodsDown(DrillSpec spec) {
    return spec.guardrails().stream()
        .map(Guardrail::maxPodsDown)
        .filter(m -> m != null)
        .min(Integer::compare)
        .orElse(null);
  }

  private String namespace() {
    if (defaultNamespace != null) {
      return defaultNamespace;
    }
    return client.getNamespace() != null ? client.getNamespace() : "default";
  }

  private static boolean isCluster(DrillSpec spec, PodKill kill) {
    return kill.processes().isEmpty()
        && (spec.target() == null || spec.target().processes().isEmpty());
  }

  private PodPool pool(Map<PodSelector, PodPool> pools, PodSelector selector) {
    return pools.computeIfAbsent(selector, s -> new PodPool(client, s, nanos));
  }

  /** Trips the run's guardrail once, when more than {@code max} target pods are down. */
  private static void guard(PodPool target, int max, RunSignals signals) {
    AtomicBoolean tripped = new AtomicBoolean();
    target.onChange(() -> {
      int down = target.down();
      if (down > max && tripped.compareAndSet(false, true)) {
        signals.guardrail(
            "guardrail: "
                + down
                + " of the "
                + target.baseline()
                + " pods matching "
                + target.selector().describe()
                + " are down, more than maxPodsDown "
                + max
                + " (not Ready: "
                + String.join(", ", target.notReady())
                + ")");
      }
    });
  }
}
