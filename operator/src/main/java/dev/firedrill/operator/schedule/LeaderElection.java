package dev.firedrill.operator.schedule;

import dev.firedrill.operator.config.OperatorConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Gives quarkus-operator-sdk the Lease to elect a leader on. The identity is JOSDK's default (the
 * pod's host name); a leader that cannot renew in time stops its process, so a deposed leader never
 * keeps firing Quartz triggers beside the new one, and its Deployment starts it again as a
 * follower.
 *
 * <p>The exit is ours, not JOSDK's: JOSDK calls {@code System.exit} on the thread that stops the
 * elector, which during a normal shutdown (SIGTERM) is a shutdown hook — and {@code System.exit}
 * from a shutdown hook blocks forever, so the pod would hang until the kubelet's SIGKILL. Exiting
 * from a thread of its own is harmless during a shutdown (that thread just waits) and exits
 * otherwise.
 */
@ApplicationScoped
public class LeaderElection {

  @Produces
  @Singleton
  LeaderElectionConfiguration leaderElection(LeaderElectionConfig config, OperatorConfig operator) {
    return configuration(config, operator.namespace());
  }

  /** The configuration for a Lease in {@code namespace}. */
  static LeaderElectionConfiguration configuration(LeaderElectionConfig config, String namespace) {
    return new LeaderElectionConfiguration(
        config.leaseName(),
        namespace,
        config.leaseDuration(),
        config.renewDeadline(),
        config.retryPeriod(),
        null,
        new LeaderCallbacks(() -> {}, () -> stoppedLeading(config.exitOnStopLeading()), id -> {}),
        false);
  }

  private static void stoppedLeading(boolean exit) {
    if (exit) {
      Thread.ofPlatform().daemon().name("leader-lost-exit").start(() -> System.exit(1));
    }
  }
}
