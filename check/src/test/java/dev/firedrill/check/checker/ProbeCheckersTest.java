package dev.firedrill.check.checker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.check.history.History;
import dev.firedrill.check.history.Op;
import dev.firedrill.check.history.OpType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** NoCascade and Recovery over hand-built nemesis entries (times in seconds for readability). */
class ProbeCheckersTest {

  private final List<Op> ops = new ArrayList<>();

  private ProbeCheckersTest at(double seconds, String f, String key, Object value) {
    return at(seconds, f, key, value, null);
  }

  private ProbeCheckersTest at(double seconds, String f, String key, Object value, String error) {
    ops.add(
        new Op(
            ops.size(),
            (long) (seconds * 1e9),
            Op.NEMESIS,
            OpType.INFO,
            f,
            key,
            value,
            null,
            null,
            error));
    return this;
  }

  private ProbeCheckersTest sample(
      double seconds, String probe, boolean healthy, double latencyMs) {
    return at(seconds, "probe", probe, Map.of("healthy", healthy, "latencyMs", latencyMs));
  }

  private History history() {
    return History.of(ops);
  }

  @Test
  void aProbeThatStaysHealthyDuringFaultsIsNoCascade() {
    sample(1, "catalog", true, 5)
        .at(2, "inject", "slow#0", null)
        .sample(3, "catalog", true, 8)
        .sample(4, "catalog", true, 9)
        .at(5, "heal", "slow#0", null)
        .sample(6, "catalog", false, 900);

    Result r = new NoCascade(Set.of("catalog"), 0.0, 300.0).check(history());

    assertThat(r.validity()).isEqualTo(Validity.VALID);
    assertThat(r.stats())
        .containsEntry("catalog.errorRate", 0.0)
        .containsEntry("catalog.samplesDuringFaults", 2);
  }

  @Test
  void badSamplesDuringFaultsBeyondTheRateAreACascade() {
    sample(1, "catalog", true, 5)
        .at(2, "inject", "slow#0", null)
        .sample(3, "catalog", true, 800)
        .sample(4, "catalog", false, 10)
        .sample(4.5, "catalog", true, 10)
        .at(5, "heal", "slow#0", null);

    Result r = new NoCascade(Set.of("catalog"), 0.5, 300.0).check(history());

    assertThat(r.validity()).isEqualTo(Validity.INVALID);
    assertThat(r.anomalies())
        .singleElement()
        .satisfies(a -> {
          assertThat(a.kind()).isEqualTo("cascade");
          assertThat(a.explanation())
              .isEqualTo(
                  "probe catalog was bad in 2 of 3 samples (67%) while faults were active; at most 50% allowed");
          assertThat(a.ops()).extracting(Op::index).containsExactly(2L, 3L);
        });
  }

  @Test
  void noSampleDuringAFaultIsUnknown() {
    sample(1, "catalog", true, 5).at(2, "inject", "slow#0", null).at(3, "heal", "slow#0", null);

    assertThat(new NoCascade(Set.of("catalog"), 0.0, null).check(history()).validity())
        .isEqualTo(Validity.UNKNOWN);
  }

  @Test
  void anInstantKillOpensAWindowOfTenSeconds() {
    at(1, "inject", "kill#0", null).sample(9, "api", false, 1).sample(12, "api", false, 1);

    Result r = new NoCascade(Set.of("api"), 0.0, null).check(history());

    assertThat(r.stats()).containsEntry("api.samplesDuringFaults", 1);
    assertThat(r.validity()).isEqualTo(Validity.INVALID);
  }

  @Test
  void healthyAgainWithinTheDeadlineIsRecovered() {
    at(1, "inject", "f#0", null)
        .sample(2, "p", false, 1)
        .at(3, "heal", "f#0", null)
        .sample(4, "p", false, 1)
        .sample(5, "p", true, 1)
        .sample(9, "p", true, 1);

    Result r = new Recovery(Set.of("p"), 5_000_000_000L).check(history());

    assertThat(r.validity()).isEqualTo(Validity.VALID);
    assertThat(r.stats()).containsEntry("p.timeToRecoverMs", 2000L);
  }

  @Test
  void tooSlowOrNeverRecoveredIsInvalid() {
    at(1, "inject", "f#0", null)
        .at(2, "heal", "f#0", null)
        .sample(3, "p", false, 1)
        .sample(9, "p", true, 1)
        .sample(10, "q", false, 1);

    Result r = new Recovery(Set.of("p", "q"), 5_000_000_000L).check(history());

    assertThat(r.validity()).isEqualTo(Validity.INVALID);
    assertThat(r.anomalies())
        .extracting(Anomaly::kind, Anomaly::key, Anomaly::explanation)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "not-recovered",
                "p",
                "probe p took 7000 ms to recover after the last heal; 5000 ms allowed"),
            org.assertj.core.groups.Tuple.tuple(
                "not-recovered", "q", "probe q is still unhealthy at the end of the run"));
  }

  @Test
  void noSampleAfterTheDeadlineOrNoHealIsUnknown() {
    at(1, "inject", "f#0", null).at(2, "heal", "f#0", null).sample(3, "p", true, 1);

    assertThat(new Recovery(Set.of("p"), 5_000_000_000L).check(history()).validity())
        .isEqualTo(Validity.UNKNOWN);
    ops.clear();
    sample(1, "p", true, 1);
    assertThat(new Recovery(Set.of("p"), 1).check(history()).validity())
        .isEqualTo(Validity.UNKNOWN);
  }

  /** A probe healthy after the heal but for one failed sample in five later ones. */
  private void flapsOnceAfterRecovering() {
    at(1, "inject", "f#0", null)
        .at(2, "heal", "f#0", null)
        .sample(3, "p", false, 1)
        .sample(4, "p", true, 1)
        .sample(5, "p", true, 1)
        .sample(6, "p", false, 1)
        .sample(7, "p", true, 1)
        .sample(8, "p", true, 1);
  }

  @Test
  void withoutMaxErrorRateABadSampleAfterRecoveringRestartsTheClock() {
    flapsOnceAfterRecovering();

    Result r = new Recovery(Set.of("p"), 3_000_000_000L).check(history());

    // Recovered at 7 s (the final run of good samples): 5 s after the heal, 3 s allowed.
    assertThat(r.validity()).isEqualTo(Validity.INVALID);
    assertThat(r.stats()).containsEntry("p.timeToRecoverMs", 5000L);
    assertThat(r.anomalies())
        .singleElement()
        .extracting(Anomaly::explanation)
        .isEqualTo("probe p took 5000 ms to recover after the last heal; 3000 ms allowed");
  }

  @Test
  void maxErrorRateAllowsThatShareOfBadSamplesAfterRecovering() {
    flapsOnceAfterRecovering();

    // From 4 s on, 1 of 5 samples is bad: 20% allowed, so recovered at 4 s.
    Result allowed = new Recovery(Set.of("p"), 3_000_000_000L, 0.2, null).check(history());
    assertThat(allowed.validity()).isEqualTo(Validity.VALID);
    assertThat(allowed.stats())
        .containsEntry("p.timeToRecoverMs", 2000L)
        .containsEntry("p.errorRateAfterRecovery", 0.2);

    // 19% is not enough for 4 s; from 7 s on none is bad, but that is 5 s after the heal.
    Result strict = new Recovery(Set.of("p"), 3_000_000_000L, 0.19, null).check(history());
    assertThat(strict.validity()).isEqualTo(Validity.INVALID);
    assertThat(strict.stats()).containsEntry("p.timeToRecoverMs", 5000L);
  }

  @Test
  void maxErrorRateNeverExcusesABadEnd() {
    at(1, "inject", "f#0", null)
        .at(2, "heal", "f#0", null)
        .sample(3, "p", true, 1)
        .sample(4, "p", false, 1)
        .sample(5, "p", false, 1);

    Result r = new Recovery(Set.of("p"), 2_000_000_000L, 0.5, null).check(history());

    assertThat(r.validity()).isEqualTo(Validity.INVALID);
    assertThat(r.anomalies())
        .singleElement()
        .extracting(Anomaly::explanation)
        .isEqualTo(
            "probe p is still unhealthy at the end of the run (no good sample is followed by at"
                + " most 50% bad samples)");
  }

  @Test
  void maxLatencyMakesASlowHealthySampleBad() {
    at(1, "inject", "f#0", null)
        .at(2, "heal", "f#0", null)
        .sample(3, "p", true, 900)
        .sample(4, "p", true, 50)
        .sample(8, "p", true, 40);

    Result unbounded = new Recovery(Set.of("p"), 1_500_000_000L).check(history());
    assertThat(unbounded.validity()).isEqualTo(Validity.VALID);
    assertThat(unbounded.stats()).containsEntry("p.timeToRecoverMs", 1000L);

    Result bounded = new Recovery(Set.of("p"), 1_500_000_000L, 0.0, 300.0).check(history());
    assertThat(bounded.validity()).isEqualTo(Validity.INVALID);
    assertThat(bounded.stats()).containsEntry("p.timeToRecoverMs", 2000L);

    ops.clear();
    at(1, "inject", "f#0", null).at(2, "heal", "f#0", null).sample(9, "p", true, 900);
    assertThat(new Recovery(Set.of("p"), 1_000_000_000L, 0.0, 300.0).check(history()).anomalies())
        .singleElement()
        .extracting(Anomaly::explanation)
        .isEqualTo("probe p is still unhealthy or slower than 300 ms at the end of the run");
  }

  /** A pod kill as the engine records it: inject with the action and the planned targets. */
  private ProbeCheckersTest kill(double seconds, String key, String... targets) {
    return at(seconds, "inject", key, Map.of("action", "podKill", "targets", List.of(targets)));
  }

  /** The probe bad until {@code goodFrom} seconds, good from then to 15 s, a sample a second. */
  private ProbeCheckersTest probeGoodFrom(String probe, int from, int goodFrom) {
    for (int s = from; s <= 15; s++) {
      sample(s, probe, s >= goodFrom, 1);
    }
    return this;
  }

  @Test
  void aLocalKillEndsWhenItsProcessIsReadyAgainAndRecoveryCountsFromThere() {
    kill(1, "kill#0", "api")
        .at(2, "restart", "kill#0", Map.of("process", "api", "pid", 7))
        .at(3, "restarted", "kill#0", Map.of("process", "api", "pid", 7, "readyAfterMs", 1000))
        .probeGoodFrom("p", 2, 5);

    Result r = new Recovery(Set.of("p"), 5_000_000_000L).check(history());

    assertThat(r.validity()).isEqualTo(Validity.VALID);
    assertThat(r.stats()).containsEntry("p.timeToRecoverMs", 2000L).containsEntry("checked", 1L);
  }

  @Test
  void aProbeThatRecoversTooLongAfterAKillEndedIsNotRecovered() {
    kill(1, "kill#0", "api")
        .at(3, "restarted", "kill#0", Map.of("process", "api", "pid", 7))
        .probeGoodFrom("p", 2, 10);

    Result r = new Recovery(Set.of("p"), 5_000_000_000L).check(history());

    assertThat(r.validity()).isEqualTo(Validity.INVALID);
    assertThat(r.anomalies())
        .extracting(Anomaly::kind, Anomaly::explanation)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "not-recovered",
                "probe p took 7000 ms to recover after the last heal; 5000 ms allowed"));
  }

  @Test
  void aClusterKillEndsWhenItsReplacementIsReady() {
    kill(1, "kill#0")
        .at(4, "replaced", "kill#0", Map.of("target", "api-0", "replacement", "api-1", "ms", 3000))
        .probeGoodFrom("p", 2, 6);

    Result r = new Recovery(Set.of("p"), 5_000_000_000L).check(history());

    assertThat(r.validity()).isEqualTo(Validity.VALID);
    assertThat(r.stats()).containsEntry("p.timeToRecoverMs", 2000L);
    // The clock starts at the latest end: a heal of another fault after the kill's end wins.
    ops.clear();
    kill(1, "kill#0")
        .at(4, "replaced", "kill#0", Map.of("target", "api-0"))
        .at(5, "inject", "slow#0", null)
        .at(7, "heal", "slow#0", null)
        .probeGoodFrom("p", 2, 8);
    assertThat(new Recovery(Set.of("p"), 5_000_000_000L).check(history()).stats())
        .containsEntry("p.timeToRecoverMs", 1000L);
  }

  @Test
  void aKillThatNeverEndedCannotBeTimed() {
    kill(1, "kill#0").at(9, "replaced", "kill#0", Map.of("target", "api-0"), "no replacement");
    probeGoodFrom("p", 2, 3);
    assertNotEnded("kill#0");

    ops.clear();
    kill(1, "kill#0", "a", "b").at(3, "restarted", "kill#0", Map.of("process", "a"));
    probeGoodFrom("p", 2, 4);
    assertNotEnded("kill#0"); // b never came back

    ops.clear();
    kill(1, "kill#0", "a").at(2, "restart", "kill#0", Map.of("process", "a"), "exec failed");
    probeGoodFrom("p", 2, 4);
    assertNotEnded("kill#0");
  }

  private void assertNotEnded(String key) {
    Result r = new Recovery(Set.of("p"), 5_000_000_000L).check(history());
    assertThat(r.validity()).isEqualTo(Validity.UNKNOWN);
    assertThat(r.anomalies())
        .extracting(Anomaly::kind, Anomaly::explanation)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "kill-not-ended",
                "kill "
                    + key
                    + " never ended (its restart failed, or no replacement was Ready), so"
                    + " recovery cannot be timed"));
  }

  @Test
  void aKillThatFailedToHappenIsNoFaultToRecoverFrom() {
    at(1, "inject", "kill#0", Map.of("action", "podKill", "targets", List.of("a")), "refused");
    probeGoodFrom("p", 2, 2);

    Result r = new Recovery(Set.of("p"), 5_000_000_000L).check(history());

    assertThat(r.validity()).isEqualTo(Validity.UNKNOWN);
    assertThat(r.anomalies().getFirst().explanation())
        .isEqualTo("no fault was healed and no kill ended, so there is nothing to recover from");
  }
}
