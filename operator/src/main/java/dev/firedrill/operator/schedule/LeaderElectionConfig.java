package dev.firedrill.operator.schedule;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Leader election, under {@code firedrill.leader-election.*}: replicas of the operator compete for
 * a Lease in the operator's namespace ({@code firedrill.operator.namespace}); only the holder
 * reconciles, and so only it has Quartz triggers and starts scheduled runs. Active in the prod
 * profile ({@code quarkus.operator-sdk.activate-leader-election-for-profiles}).
 */
@ConfigMapping(prefix = "firedrill.leader-election")
public interface LeaderElectionConfig {

  /** Name of the Lease. */
  @WithDefault("firedrill-operator")
  String leaseName();

  /** How long a leader's claim lasts without renewal; a new leader waits at most this long. */
  @WithDefault("15s")
  Duration leaseDuration();

  /** How long the leader keeps trying to renew before it stops (and exits). */
  @WithDefault("10s")
  Duration renewDeadline();

  /** How often candidates try to acquire or renew. */
  @WithDefault("2s")
  Duration retryPeriod();

  /**
   * Whether a leader that loses its Lease exits (and is restarted by its Deployment). Keep true in
   * production: a deposed leader that went on would fire its Quartz triggers beside the new one.
   * Tests turn it off, since a normal shutdown also ends the leadership.
   */
  @WithDefault("true")
  boolean exitOnStopLeading();
}
