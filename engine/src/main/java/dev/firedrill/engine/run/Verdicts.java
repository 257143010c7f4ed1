package dev.firedrill.engine.run;

import dev.firedrill.check.checker.Validity;
import dev.firedrill.engine.fault.LedgerEntry;
import dev.firedrill.engine.model.Verdict;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The verdict rule, the same for every driver. In order: a run whose setup step failed is Error
 * (nothing was tested); a run stopped by a guardrail or a cancel is Aborted; one whose steady state
 * never held is Error (nothing was tested); an invalid invariant is Fail; a run or a fault that
 * could not happen is Error; an undecided invariant, or a reason a setup gave why the run could not
 * establish what it tests (a network fault that saw no traffic), is Inconclusive; else Pass. A
 * fault that a failed heal may have left behind turns a Pass or Inconclusive into Error, and is
 * named in the message whatever the verdict.
 */
final class Verdicts {

  private Verdicts() {}

  /** How a run stopped early, if it did. */
  record Stop(Kind kind, String reason) {

    /** Why a run stopped early. */
    enum Kind {
      /** A guardrail tripped. */
      GUARDRAIL,
      /** The driver cancelled it (Ctrl-C, a deleted DrillRun, the kill switch). */
      CANCEL,
      /** The steady state did not hold before the first fault. */
      STEADY_STATE,
      /** A setup step failed, before the load and any fault. */
      SETUP
    }
  }

  /** A verdict and the one line that explains it (null for a plain Pass or Fail). */
  record Decision(Verdict verdict, String message) {}

  static Decision decide(
      Stop stop,
      Validity invariants,
      String runError,
      String faultError,
      List<LedgerEntry> leftBehind) {
    return decide(stop, invariants, runError, faultError, List.of(), leftBehind);
  }

  static Decision decide(
      Stop stop,
      Validity invariants,
      String runError,
      String faultError,
      List<String> inconclusive,
      List<LedgerEntry> leftBehind) {
    Decision d = base(stop, invariants, runError, faultError);
    if (!inconclusive.isEmpty()
        && (d.verdict() == Verdict.PASS || d.verdict() == Verdict.INCONCLUSIVE)) {
      String why = String.join("; ", inconclusive);
      d = new Decision(Verdict.INCONCLUSIVE, d.message() == null ? why : d.message() + "; " + why);
    }
    if (leftBehind.isEmpty()) {
      return d;
    }
    String left =
        "a heal failed; these faults may still be in effect: "
            + leftBehind.stream()
                .map(e ->
                    e.occurrence() + " (" + e.action() + " on " + e.target() + "): " + e.error())
                .collect(Collectors.joining("; "));
    Verdict v =
        d.verdict() == Verdict.PASS || d.verdict() == Verdict.INCONCLUSIVE
            ? Verdict.ERROR
            : d.verdict();
    return new Decision(v, d.message() == null ? left : d.message() + "; " + left);
  }

  private static Decision base(Stop stop, Validity invariants, String runError, String faultError) {
    if (stop != null && stop.kind() == Stop.Kind.SETUP) {
      return new Decision(Verdict.ERROR, stop.reason() + " — nothing was tested");
    }
    if (stop != null && stop.kind() != Stop.Kind.STEADY_STATE) {
      return new Decision(Verdict.ABORTED, stop.reason());
    }
    if (stop != null) {
      return new Decision(
          Verdict.ERROR, "steady state not reached: " + stop.reason() + " — nothing was tested");
    }
    if (invariants == Validity.INVALID) {
      return new Decision(Verdict.FAIL, null);
    }
    if (runError != null) {
      return new Decision(Verdict.ERROR, runError);
    }
    if (faultError != null) {
      return new Decision(Verdict.ERROR, "a fault could not be applied: " + faultError);
    }
    if (invariants == Validity.UNKNOWN) {
      return new Decision(
          Verdict.INCONCLUSIVE, "an invariant could not be decided from the history");
    }
    return new Decision(Verdict.PASS, null);
  }
}
