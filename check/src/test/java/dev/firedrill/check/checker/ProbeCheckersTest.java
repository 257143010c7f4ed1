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
            null));
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
}
