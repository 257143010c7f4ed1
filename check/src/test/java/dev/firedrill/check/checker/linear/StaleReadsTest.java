package dev.firedrill.check.checker.linear;

import static dev.firedrill.check.history.Dsl.h;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.check.checker.Anomaly;
import dev.firedrill.check.checker.Linearizable;
import dev.firedrill.check.checker.Result;
import dev.firedrill.check.checker.Validity;
import dev.firedrill.check.history.History;
import dev.firedrill.check.history.Op;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every stale read is reported, not only the first contradiction of each key. */
class StaleReadsTest {

  private static final Linearizable KV = new Linearizable(Linearizable.Model.KV);

  /**
   * Three stale reads on two keys (ops 5 and 9 on x read 1 after write 2 completed; op 17 on y
   * reads 5 after the cas to 6), beside reads that are not stale: a nil read, a read concurrent
   * with a write, and a read of a value an indeterminate write may still have written.
   */
  private static final History SEVERAL =
      h(
          "0 invoke write 1 key=x",
          "0 ok write 1 key=x",
          "1 invoke write 2 key=x",
          "1 ok write 2 key=x",
          "2 invoke read key=x trace=t1 at=http://e2:2379",
          "2 ok read 1 key=x trace=t1 at=http://e2:2379",
          "3 invoke read key=x trace=t2 at=http://e3:2379",
          "3 ok read 2 key=x trace=t2 at=http://e3:2379",
          "4 invoke read key=x trace=t3",
          "4 ok read 1 key=x trace=t3",
          "0 invoke write 5 key=y",
          "0 ok write 5 key=y",
          "1 invoke read key=y",
          "1 ok read nil key=y",
          "2 invoke cas [5 6] key=y",
          "2 ok cas [5 6] key=y",
          "3 invoke read key=y trace=t4",
          "3 ok read 5 key=y trace=t4",
          "0 invoke write 3 key=x",
          "5 invoke read key=x",
          "5 ok read 2 key=x",
          "0 ok write 3 key=x",
          "6 invoke write 1 key=x",
          "6 info write 1 key=x",
          "7 invoke read key=x",
          "7 ok read 1 key=x");

  @Test
  void everyStaleReadOfEveryKeyIsReportedWithItsOverwriteTraceAndEndpoint() {
    Result r = KV.check(SEVERAL);

    assertThat(r.validity()).isEqualTo(Validity.INVALID);
    assertThat(r.stats()).containsEntry("staleReads", 3L).doesNotContainKey("staleReadsListed");
    List<Anomaly> stale = r.anomalies("stale-read");
    assertThat(stale)
        .extracting(a -> a.key() + " " + a.ops().stream().map(Op::index).toList())
        .containsExactly("x [3, 5]", "x [3, 9]", "y [15, 17]");
    assertThat(stale.getFirst().details())
        .containsEntry("read", 5L)
        .containsEntry("value", 1L)
        .containsEntry("overwrittenBy", 3L)
        .containsEntry("overwrittenWith", 2L)
        .containsEntry("traceId", "t1")
        .containsEntry("endpoint", "http://e2:2379");
    assertThat(stale.getFirst().explanation())
        .isEqualTo(
            "key x: stale read: op 5 (p2 ok read 1, t=5.000 ms, trace t1, at http://e2:2379)"
                + " returned 1, but op 3 (p1 ok write 2, t=3.000 ms) had already completed, after"
                + " every write that could have produced 1");
    assertThat(stale.get(2).details()).containsEntry("traceId", "t4").doesNotContainKey("endpoint");
    // the search's own contradictions are still there, one per key
    assertThat(r.anomalies("nonlinearizable")).extracting(Anomaly::key).containsExactly("x", "y");
  }

  @Test
  void aReadOfTheLatestValueOrOfAConcurrentOrIndeterminateWriteIsNotStale() {
    History h =
        h(
            "0 invoke write 1",
            "0 ok write 1",
            "1 invoke write 2",
            "2 invoke read",
            "2 ok read 1",
            "1 ok write 2",
            "3 invoke write 1",
            "3 info write 1",
            "4 invoke read",
            "4 ok read 1",
            "5 invoke read",
            "5 ok read 1");
    Result r = new Linearizable(Linearizable.Model.CAS_REGISTER).check(h);
    assertThat(r.validity()).isEqualTo(Validity.VALID);
    assertThat(r.stats()).doesNotContainKey("staleReads");
  }

  @Test
  void thousandsOfStaleReadsAreAllCountedAndTheFirstHundredListed() {
    List<String> lines =
        new ArrayList<>(List.of("0 invoke write 1", "0 ok write 1", "0 invoke write 2"));
    lines.add("0 ok write 2");
    int reads = 3_613;
    for (int i = 0; i < reads; i++) {
      int p = 1 + i % 7;
      lines.add(p + " invoke read trace=r" + i);
      lines.add(p + " ok read 1 trace=r" + i);
    }
    Result r =
        new Linearizable(Linearizable.Model.CAS_REGISTER).check(h(lines.toArray(String[]::new)));

    assertThat(r.validity()).isEqualTo(Validity.INVALID);
    assertThat(r.stats())
        .containsEntry("staleReads", (long) reads)
        .containsEntry("staleReadsListed", Linearizable.STALE_READS_LISTED);
    List<Anomaly> stale = r.anomalies("stale-read");
    assertThat(stale).hasSize(Linearizable.STALE_READS_LISTED);
    assertThat(stale.getLast().details()).containsEntry("traceId", "r99");
  }
}
