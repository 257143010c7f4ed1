package dev.firedrill.check.checker;

import static dev.firedrill.check.checker.Verdicts.summary;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.check.checker.Linearizable.Model;
import dev.firedrill.check.history.EdnHistoryReader;
import dev.firedrill.check.history.History;
import dev.firedrill.check.history.JsonlHistoryReader;
import dev.firedrill.check.history.OpType;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Regression fixtures: hand-written histories under src/test/resources/histories. */
class RecordedHistoryTest {
  private static Path fixture(String name) throws Exception {
    return Path.of(RecordedHistoryTest.class.getResource("/histories/" + name).toURI());
  }

  @Test
  void aJepsenCasRegisterHistoryWithAStaleReadIsInvalidNamingTheOps() throws Exception {
    History h = EdnHistoryReader.read(fixture("cas-register-violation.edn"));
    Result r = new Linearizable(Model.CAS_REGISTER).check(h);
    assertThat(r.validity()).isEqualTo(Validity.INVALID);
    assertThat(summary(r))
        .containsExactly(
            "nonlinearizable[invalid] ops=[9, 11, 13, 15]", "stale-read[invalid] ops=[13, 15]");
    assertThat(r.stats()).containsEntry("staleReads", 1L);
    Anomaly a = r.anomalies().getFirst();
    assertThat(a.explanation())
        .isEqualTo(
            "not linearizable: after the longest linearizable prefix of 6 operation(s), ending with"
                + " op 13 (p0 ok cas [3, 4], t=100.000 ms), the register holds 4 and op 15 (p2 ok"
                + " read 2, t=120.000 ms) cannot be placed");
    assertThat(a.details())
        .containsEntry("prefixTail", List.of(0L, 2L, 3L, 7L, 10L, 12L))
        .containsEntry("unplaceable", List.of(14L));
  }

  /**
   * 56 crashed clients could make the search try every order of their writes; it stays near one
   * configuration per operation (157 for 127 here), a count rather than a time, so a loaded machine
   * cannot make it pass or fail.
   */
  @Test
  void aJepsenHistoryFullOfCrashedClientsIsDecidedWithoutAnExponentialSearch() throws Exception {
    History h = EdnHistoryReader.read(fixture("cas-register-crashed.edn"));
    long crashed = h.ops().stream().filter(o -> o.type() == OpType.INFO && !o.isNemesis()).count();
    assertThat(crashed).isEqualTo(56);
    Result r = new Linearizable(Model.CAS_REGISTER).check(h);
    assertThat(r.validity()).isEqualTo(Validity.VALID);
    assertThat(r.stats()).containsEntry("registers", 1).containsEntry("indeterminateDropped", 23);
    long operations = ((Number) r.stats().get("operations")).longValue();
    assertThat(((Number) r.stats().get("explored")).longValue())
        .isLessThanOrEqualTo(2 * operations);
  }

  @Test
  void aRecordedSetHistoryShowsTheLostOrderWithItsTraceAndIdempotencyKey() throws Exception {
    History h = JsonlHistoryReader.read(fixture("set-lost.jsonl"));
    Result r = new NoLostWrites().check(h);
    assertThat(summary(r)).containsExactly("lost[invalid] key=orders ops=[6, 9]");
    assertThat(r.anomalies().getFirst().ops().getFirst().traceId()).isEqualTo("00f067aa0ba902b7");
    assertThat(r.anomalies().getFirst().ops().getFirst().idempotencyKey()).isEqualTo("o-3");
    assertThat(r.stats()).containsEntry("recovered", 1L).containsEntry("stable", 1L);
  }
}
