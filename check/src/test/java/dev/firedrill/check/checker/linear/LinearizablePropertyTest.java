package dev.firedrill.check.checker.linear;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.check.checker.Anomaly;
import dev.firedrill.check.checker.Linearizable;
import dev.firedrill.check.checker.Result;
import dev.firedrill.check.checker.Validity;
import dev.firedrill.check.history.History;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Seeded property tests over histories of a simulated register (see {@link SimulatedRegister}). */
class LinearizablePropertyTest {
  private static final Linearizable CHECKER =
      new Linearizable(
          Linearizable.Model.CAS_REGISTER, null, new Budget(Duration.ofSeconds(20), 256L << 20));

  @Test
  void historiesOfACorrectRegisterAlwaysPass() {
    for (long seed = 0; seed < 300; seed++) {
      int clients = 2 + (int) (seed % 9);
      History h = new SimulatedRegister(seed, clients).run(200, SimulatedRegister.Fault.NONE, 0.05);
      Result r = CHECKER.check(h);
      assertThat(r.validity()).as("seed %d: %s", seed, r.anomalies()).isEqualTo(Validity.VALID);
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = SimulatedRegister.Fault.class,
      names = {"STALE_READ", "LOST_WRITE", "DUPLICATE_APPLY"})
  void historiesOfAFaultyRegisterFailAtTheFaultyRead(SimulatedRegister.Fault fault) {
    for (long seed = 0; seed < 100; seed++) {
      SimulatedRegister register = new SimulatedRegister(seed, 2 + (int) (seed % 7));
      History h = register.run(200, fault, 0.05);
      Result r = CHECKER.check(h);
      assertThat(r.validity()).as("seed %d", seed).isEqualTo(Validity.INVALID);
      Anomaly a = r.anomalies().getFirst();
      assertThat(a.kind()).isEqualTo("nonlinearizable");
      @SuppressWarnings("unchecked")
      List<Long> unplaceable = (List<Long>) a.details().get("unplaceable");
      assertThat(unplaceable)
          .as("seed %d: %s", seed, a.explanation())
          .contains(register.faultyRead);
    }
  }

  @Test
  void largeCrashHeavyHistoriesAreDecidedWithinTheBudget() {
    History h = new SimulatedRegister(42, 20).run(20_000, SimulatedRegister.Fault.NONE, 0.2);
    Result r = CHECKER.check(h);
    assertThat(r.validity()).isEqualTo(Validity.VALID);
  }
}
