package dev.firedrill.cluster.report;

import dev.firedrill.cluster.fault.pod.PodSelector;
import dev.firedrill.engine.fault.FaultDriver;
import dev.firedrill.engine.fault.LedgerEntry;
import dev.firedrill.engine.run.RunContext;
import dev.firedrill.engine.run.Setup;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;

/**
 * The target pods' logs of a cluster run, for report.html's log lines by trace id: the run's window
 * starts when this setup opens and ends when it closes — after the recovery wait and the final
 * reads, before the checkers and the reports — and then the drill's pods' logs of that window are
 * written into {@code <runDir>/logs} ({@link PodLogs}). No fault drivers.
 */
public final class PodLogsSetup implements Setup {

  private final KubernetesClient client;
  private final String defaultNamespace;
  private final InstantSource clock;
  private final List<LedgerEntry> interceptions;

  /**
   * Pods through {@code client}; a drill that names no namespace uses the client's.
   *
   * @param ledger the run's ledger as the operator left it (its Service interceptions name the
   *     intercepted Services' original selectors)
   */
  public PodLogsSetup(KubernetesClient client, List<LedgerEntry> ledger) {
    this(client, null, InstantSource.system(), ledger);
  }

  /**
   * @param defaultNamespace the namespace of a drill that names none, or null for the client's
   * @param clock where the window starts (the system clock; fixed in tests)
   */
  public PodLogsSetup(
      KubernetesClient client,
      String defaultNamespace,
      InstantSource clock,
      List<LedgerEntry> ledger) {
    this.client = client;
    this.defaultNamespace = defaultNamespace;
    this.clock = clock;
    this.interceptions = ledger == null ? List.of() : List.copyOf(ledger);
  }

  @Override
  public String describe() {
    return "the drill's pods' logs through the Kubernetes API at " + client.getMasterUrl();
  }

  @Override
  public Active open(RunContext context) {
    Instant since = clock.instant();
    PodLogs logs = new PodLogs(client, defaultNamespace);
    return new Active() {
      @Override
      public List<FaultDriver> drivers() {
        return List.of();
      }

      @Override
      public void close() {
        try {
          List<PodSelector> selectors =
              logs.selectors(context.spec(), interceptions, w -> warn(context, w));
          if (selectors.isEmpty()) {
            return;
          }
          int files =
              logs.write(selectors, since, context.runDir().resolve("logs"), w -> warn(context, w))
                  .size();
          context.progress().accept("logs: " + files + " pod log(s) since " + since);
        } catch (RuntimeException e) {
          warn(context, "could not read the pods' logs: " + e.getMessage());
        }
      }
    };
  }

  private static void warn(RunContext context, String message) {
    context.progress().accept("WARN " + message);
  }
}
