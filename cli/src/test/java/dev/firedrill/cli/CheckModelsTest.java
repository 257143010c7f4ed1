package dev.firedrill.cli;

import static dev.firedrill.check.checker.linear.Budget.STANDARD_TIME;
import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.check.checker.Checker;
import dev.firedrill.check.checker.Compose;
import dev.firedrill.check.checker.Conservation;
import dev.firedrill.check.checker.Convergence;
import dev.firedrill.check.checker.Counter;
import dev.firedrill.check.checker.Linearizable;
import dev.firedrill.check.checker.NoDuplicates;
import dev.firedrill.check.checker.NoLostWrites;
import dev.firedrill.check.checker.linear.Budget;
import dev.firedrill.check.history.History;
import dev.firedrill.check.history.Op;
import dev.firedrill.check.history.OpType;
import dev.firedrill.engine.run.Invariants;
import dev.firedrill.engine.run.SourceReads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CLI's models are the engine's invariants with the engine's defaults. */
class CheckModelsTest {
  private static final CheckModels.Settings DEFAULTS =
      new CheckModels.Settings(null, null, Invariants.Options.DEFAULT);

  @Test
  void everyModelTakesOnlyWhatItsCheckersRead() {
    for (CheckModels m : CheckModels.values()) {
      assertThat(m.checker(DEFAULTS).reads()).as(m.wireName()).containsAll(m.fs());
    }
  }

  @Test
  void theDefaultsAreTheEnginesDefaults() {
    Budget budget = Budget.of(STANDARD_TIME);
    assertThat(CheckModels.COUNTER.checker(DEFAULTS)).isEqualTo(SourceReads.of(new Counter(0)));
    assertThat(CheckModels.BANK.checker(DEFAULTS))
        .isEqualTo(SourceReads.of(new Conservation(null)));
    assertThat(CheckModels.CONVERGENCE.checker(DEFAULTS))
        .isEqualTo(new Convergence(Invariants.DEFAULT_WITHIN));
    assertThat(CheckModels.STRING_KV.checker(DEFAULTS))
        .isEqualTo(SourceReads.of(new Linearizable(Linearizable.Model.STRING_KV, "", budget)));
    assertThat(CheckModels.KV.checker(DEFAULTS))
        .isEqualTo(SourceReads.of(new Linearizable(Linearizable.Model.KV, null, budget)));
    assertThat(CheckModels.SET.checker(DEFAULTS))
        .isEqualTo(
            new Compose(
                "set",
                List.of(
                    SourceReads.of(new NoLostWrites(false)), SourceReads.of(new NoDuplicates()))));
  }

  @Test
  void theOptionsReachTheCheckers() {
    CheckModels.Settings s =
        new CheckModels.Settings(
            "7", Duration.ofMillis(1500), new Invariants.Options(Duration.ofSeconds(3), true));
    assertThat(CheckModels.CAS_REGISTER.checker(s))
        .isEqualTo(
            SourceReads.of(
                new Linearizable(
                    Linearizable.Model.CAS_REGISTER, "7", Budget.of(Duration.ofSeconds(3)))));
    assertThat(CheckModels.CONVERGENCE.checker(s))
        .isEqualTo(new Convergence(Duration.ofMillis(1500)));
    Checker set = CheckModels.SET.checker(s);
    assertThat(((Compose) set).checkers().getFirst())
        .isEqualTo(SourceReads.of(new NoLostWrites(true)));
  }

  /** op DSL: "process type f value [key]". */
  private static History h(Object[]... ops) {
    List<Op> out = new ArrayList<>();
    for (Object[] o : ops) {
      out.add(
          new Op(
              out.size(),
              out.size(),
              (Integer) o[0],
              OpType.fromWire((String) o[1]),
              (String) o[2],
              o.length > 4 ? (String) o[4] : null,
              o[3],
              null,
              null,
              null));
    }
    return History.of(out);
  }

  private static List<CheckModels> candidates(Object[]... ops) {
    return HistoryShape.of(h(ops)).candidates();
  }

  @Test
  void theModelIsInferredOnlyWhenOneFits() {
    Object[] readList = {1, "ok", "read", List.of(1L)};
    Object[] readNumber = {1, "ok", "read", 3L};
    Object[] addInvoke = {0, "invoke", "add", 1L};
    Object[] readInvoke = {1, "invoke", "read", null};
    assertThat(candidates(addInvoke, readInvoke, readList)).containsExactly(CheckModels.SET);
    assertThat(candidates(addInvoke, readInvoke, readNumber)).containsExactly(CheckModels.COUNTER);
    assertThat(candidates(new Object[] {0, "invoke", "append", "v1;", "k"}))
        .containsExactly(CheckModels.STRING_KV);
    assertThat(candidates(new Object[] {0, "invoke", "append", 1L, "k"}))
        .containsExactly(CheckModels.EVENTS);
    assertThat(candidates(new Object[] {0, "invoke", "write", 1L}))
        .containsExactly(CheckModels.CAS_REGISTER);
    assertThat(candidates(new Object[] {0, "invoke", "write", 1L, "k"}))
        .containsExactly(CheckModels.KV);
    // Jepsen's independent histories: [key value] tuples.
    assertThat(candidates(new Object[] {0, "invoke", "write", List.of("k", 1L)}))
        .containsExactly(CheckModels.KV);
    assertThat(candidates(new Object[] {0, "invoke", "transfer", Map.of()}))
        .containsExactly(CheckModels.BANK);
    assertThat(candidates(new Object[] {0, "invoke", "enqueue", "m"}))
        .containsExactly(CheckModels.QUEUE);
    // A drill's kv history with a projection: the writes are a kv's and a convergence's.
    assertThat(
            candidates(
                new Object[] {0, "invoke", "write", "1", "k0"},
                new Object[] {1, "invoke", "read-projection", null, "k0"}))
        .containsExactly(CheckModels.KV, CheckModels.CONVERGENCE);
    assertThat(candidates(addInvoke)).containsExactly(CheckModels.SET, CheckModels.COUNTER);
    assertThat(candidates()).isEmpty();
  }
}
