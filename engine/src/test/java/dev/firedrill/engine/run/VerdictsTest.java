package dev.firedrill.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.check.checker.Validity;
import dev.firedrill.engine.fault.LedgerEntry;
import dev.firedrill.engine.model.Verdict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerdictsTest {

  private static final Verdicts.Stop GUARDRAIL =
      new Verdicts.Stop(Verdicts.Stop.Kind.GUARDRAIL, "guardrail: probe x failing for 1s");
  private static final Verdicts.Stop STEADY =
      new Verdicts.Stop(Verdicts.Stop.Kind.STEADY_STATE, "every operation failed");

  private static Verdicts.Decision decide(
      Verdicts.Stop stop, Validity v, String err, String fault) {
    return Verdicts.decide(stop, v, err, fault, List.of());
  }

  @Test
  void theRuleInOrder() {
    assertThat(decide(GUARDRAIL, Validity.INVALID, null, null).verdict())
        .isEqualTo(Verdict.ABORTED);
    assertThat(decide(STEADY, Validity.VALID, null, null))
        .isEqualTo(
            new Verdicts.Decision(
                Verdict.ERROR,
                "steady state not reached: every operation failed — nothing was tested"));
    assertThat(decide(null, Validity.INVALID, "boom", null).verdict()).isEqualTo(Verdict.FAIL);
    assertThat(decide(null, Validity.VALID, "boom", null))
        .isEqualTo(new Verdicts.Decision(Verdict.ERROR, "boom"));
    assertThat(decide(null, Validity.VALID, null, "cut#0: refused").message())
        .isEqualTo("a fault could not be applied: cut#0: refused");
    assertThat(decide(null, Validity.UNKNOWN, null, null).verdict())
        .isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(decide(null, Validity.VALID, null, null))
        .isEqualTo(new Verdicts.Decision(Verdict.PASS, null));
  }

  @Test
  void aFailedSetupStepIsAnErrorWhateverTheCheckersSaw() {
    Verdicts.Stop setup =
        new Verdicts.Stop(
            Verdicts.Stop.Kind.SETUP, "setup step 'reset' failed: unexpected status 503");
    Verdicts.Decision expected =
        new Verdicts.Decision(
            Verdict.ERROR, "setup step 'reset' failed: unexpected status 503 — nothing was tested");
    assertThat(decide(setup, Validity.INVALID, null, null)).isEqualTo(expected);
    assertThat(decide(setup, Validity.VALID, "boom", null)).isEqualTo(expected);
    assertThat(decide(setup, Validity.UNKNOWN, null, null)).isEqualTo(expected);
  }

  @Test
  void aFaultLeftBehindIsNeverAPassAndIsAlwaysNamed() {
    LedgerEntry left =
        new LedgerEntry(
            "cut#0",
            "partition",
            "toxiproxy",
            "db",
            Map.of(),
            null,
            LedgerEntry.State.HEAL_FAILED,
            null,
            null,
            "connect refused");
    Verdicts.Decision pass = Verdicts.decide(null, Validity.VALID, null, null, List.of(left));
    assertThat(pass.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(pass.message())
        .isEqualTo(
            "a heal failed; these faults may still be in effect: cut#0 (partition on db): connect"
                + " refused");
    Verdicts.Decision fail = Verdicts.decide(null, Validity.INVALID, null, null, List.of(left));
    assertThat(fail.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(fail.message()).contains("cut#0 (partition on db)");
  }
}
