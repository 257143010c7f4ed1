package dev.firedrill.operator.schedule;

import dev.firedrill.operator.config.OperatorConfig;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Gives quarkus-operator-sdk the Lease to elect a leader on. The identity is JOSDK's default (the
 * pod's host name); a leader that cannot renew in time stops its process (JOSDK's default), so a
 * deposed leader never keeps firing Quartz triggers beside the new one.
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
        null,
        config.exitOnStopLeading());
  }
}
