package dev.firedrill.check.checker;

import static dev.firedrill.check.checker.Verdicts.summary;
import static dev.firedrill.check.history.Dsl.h;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.check.history.History;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * No checker says valid about nothing: each states in {@code checked} what it judged, and with
 * nothing to judge answers unknown ({@code nothing-to-check}) saying what was missing.
 */
class EvidenceTest {
  /** A register history: what a queue, a bank or a counter finds nothing in. */
  private static final History REGISTER =
      h("0 invoke write 1", "0 ok write 1", "1 invoke read", "1 ok read 1");

  private static final History EMPTY = h();

  private static List<Checker> all() {
    return List.of(
        new NoLostWrites(),
        new NoDuplicates(),
        new Ordering(),
        new Linearizable(Linearizable.Model.CAS_REGISTER),
        new Linearizable(Linearizable.Model.STRING_KV),
        new Counter(),
        new Queue(),
        new Conservation(),
        new Convergence(Duration.ofSeconds(1)),
        new NoCascade(Set.of(), 0, null),
        new Recovery(Set.of(), 0));
  }

  @Test
  void anEmptyHistoryIsNeverValid() {
    for (Checker c : all()) {
      Result r = c.check(EMPTY);
      assertThat(r.validity()).as(c.name()).isEqualTo(Validity.UNKNOWN);
      assertThat(r.stats()).as(c.name()).containsEntry("checked", 0L);
    }
  }

  @Test
  void everyResultStartsItsStatsWithChecked() {
    for (Checker c : all()) {
      assertThat(c.check(REGISTER).stats().keySet()).as(c.name()).first().isEqualTo("checked");
    }
  }

  @Test
  void aRegisterHistoryGivesTheOtherCheckersNothingToCheck() {
    assertThat(summary(new Queue().check(REGISTER)))
        .containsExactly("nothing-to-check[unknown] ops=[]");
    assertThat(new Queue().check(REGISTER).anomalies().getFirst().explanation())
        .isEqualTo(
            "nothing to check: 0 enqueue(s), 0 acknowledged, and no ok dequeue or drain returned a"
                + " message");
    // The register's read returns a number, not balances: malformed, and nothing checked.
    assertThat(summary(new Conservation().check(REGISTER)))
        .containsExactly("malformed-read[unknown] ops=[3]");
    assertThat(summary(new Linearizable(Linearizable.Model.CAS_REGISTER).check(REGISTER)))
        .isEmpty();
  }

  @Test
  void theMissingIsSaidPerChecker() {
    assertThat(new NoLostWrites().check(EMPTY).anomalies().getFirst().explanation())
        .isEqualTo("nothing to check: no add and no ok read of a set");
    assertThat(
            new NoLostWrites()
                .check(h("0 invoke add 1", "0 fail add 1", "1 invoke read", "1 fail read"))
                .anomalies()
                .getFirst()
                .explanation())
        .isEqualTo("nothing to check: 1 add(s), 0 acknowledged, and no ok read of a set");
    assertThat(
            new Linearizable(Linearizable.Model.CAS_REGISTER)
                .check(h("0 invoke txn [[r 1 nil]]", "0 ok txn [[r 1 4]]"))
                .anomalies()
                .getFirst()
                .explanation())
        .isEqualTo("nothing to check: no cas, read, write in the history");
    assertThat(
            new Linearizable(Linearizable.Model.STRING_KV)
                .check(h("0 invoke put \"x\" key=a", "0 ok put \"x\" key=a"))
                .anomalies()
                .getFirst()
                .explanation())
        .isEqualTo("nothing to check: 1 operation(s), but no get or read completed ok");
    assertThat(new Counter().check(EMPTY).anomalies().getFirst().explanation())
        .isEqualTo("nothing to check: no add and no ok read of a counter");
    assertThat(new Ordering().check(EMPTY).anomalies().getFirst().explanation())
        .isEqualTo(
            "nothing to check: 0 acknowledged append(s) and no ok read of a version or of an event"
                + " list");
  }

  @Test
  void oneReadOfEmptinessIsEvidenceForACounterButNotForASet() {
    // A counter read of 0 checks the count; a set read of [] follows no element.
    assertThat(new Counter().check(h("1 invoke read", "1 ok read 0")).validity())
        .isEqualTo(Validity.VALID);
    assertThat(new NoLostWrites().check(h("1 invoke read", "1 ok read []")).validity())
        .isEqualTo(Validity.UNKNOWN);
  }

  @Test
  void aComposedChecksReadsAreItsParts() {
    assertThat(new Compose("set", List.of(new NoLostWrites(), new Counter())).reads())
        .containsExactlyInAnyOrder("add", "read");
  }
}
