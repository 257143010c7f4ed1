package dev.firedrill.bench.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firedrill.check.checker.Linearizable;
import dev.firedrill.check.checker.Validity;
import dev.firedrill.check.checker.linear.Budget;
import dev.firedrill.check.history.History;
import dev.firedrill.check.history.Op;
import dev.firedrill.check.history.OpType;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class JepsenEtcdLogTest {

  // Written for this test in the shape of Jepsen's etcd logs: tab-separated fields, a line with
  // its tabs expanded to spaces, and lines that are not operations.
  private static final List<String> LOG =
      Arrays.asList(
          """
          INFO  jepsen.core - Running test etcd
          INFO  jepsen.util - 0\t:invoke\t:read\tnil
          INFO  jepsen.util - 1\t:invoke\t:write\t3
          INFO  jepsen.util - 0\t:ok\t:read\tnil
          INFO  jepsen.util - 1\t:ok\t:write\t3
          INFO  jepsen.util - 2\t:invoke\t:cas\t[3 4]
          INFO  jepsen.util - 0   :invoke :read   nil

          INFO  jepsen.util - 2\t:info\t:cas\t:timed-out
          INFO  jepsen.util - 0\t:fail\t:read\t:timed-out
          INFO  jepsen.util - 7\t:invoke\t:cas\t[1 2]
          INFO  jepsen.util - 7\t:fail\t:cas\t[1 2]
          INFO  jepsen.util - 1\t:invoke\t:read\tnil
          INFO  jepsen.util - 1\t:ok\t:read\t4
          INFO  jepsen.nemesis - :nemesis\t:info\t:start\tnil
          """
              .split("\n", -1));

  @Test
  void convertsOperationLinesAndSkipsTheRest() {
    JepsenEtcdLog.Parsed parsed = JepsenEtcdLog.parse(LOG);

    // the header, the blank line, the nemesis line and the trailing empty string
    assertThat(parsed.skipped()).isEqualTo(4);
    List<Op> ops = parsed.history().ops();
    assertThat(ops)
        .extracting(Op::index, Op::process, Op::type, Op::f, Op::value, Op::error)
        .containsExactly(
            tuple(0L, 0, OpType.INVOKE, "read", null, null),
            tuple(1L, 1, OpType.INVOKE, "write", 3L, null),
            tuple(2L, 0, OpType.OK, "read", null, null),
            tuple(3L, 1, OpType.OK, "write", 3L, null),
            tuple(4L, 2, OpType.INVOKE, "cas", List.of(3L, 4L), null),
            tuple(5L, 0, OpType.INVOKE, "read", null, null),
            tuple(6L, 2, OpType.INFO, "cas", List.of(3L, 4L), "timed-out"),
            tuple(7L, 0, OpType.FAIL, "read", null, "timed-out"),
            tuple(8L, 7, OpType.INVOKE, "cas", List.of(1L, 2L), null),
            tuple(9L, 7, OpType.FAIL, "cas", List.of(1L, 2L), null),
            tuple(10L, 1, OpType.INVOKE, "read", null, null),
            tuple(11L, 1, OpType.OK, "read", 4L, null));
    assertThat(ops).extracting(Op::time).startsWith(0L, 1_000_000L, 2_000_000L);
  }

  @Test
  void theCrashedCasIsIndeterminateAndTheHistoryLinearizable() {
    History h = JepsenEtcdLog.parse(LOG).history();

    assertThat(h.clientOperations("cas").stream().filter(o -> o.indeterminate()).count())
        .isEqualTo(1);
    // read 4 is explained only by the crashed cas [3 4] taking effect
    assertThat(new Linearizable(Linearizable.Model.CAS_REGISTER).check(h).validity())
        .isEqualTo(Validity.VALID);
  }

  @Test
  void nilReadsTakenStrictlyConstrainTheValue() {
    List<String> log =
        List.of(
            "INFO  jepsen.util - 0\t:invoke\t:write\t1",
            "INFO  jepsen.util - 0\t:ok\t:write\t1",
            "INFO  jepsen.util - 1\t:invoke\t:read\tnil",
            "INFO  jepsen.util - 1\t:ok\t:read\tnil",
            // a read that constrains the value, so the check has evidence either way (a history
            // of only unconstrained reads is "nothing to check": unknown)
            "INFO  jepsen.util - 2\t:invoke\t:read\t1",
            "INFO  jepsen.util - 2\t:ok\t:read\t1");
    History h = JepsenEtcdLog.parse(log).history();
    Linearizable fromNil = new Linearizable(Linearizable.Model.CAS_REGISTER);
    Linearizable fromAbsent =
        new Linearizable(Linearizable.Model.CAS_REGISTER, "absent", Budget.standard());

    // our (Knossos's) convention: a nil read is accepted whatever the value
    assertThat(fromNil.check(h).validity()).isEqualTo(Validity.VALID);
    // Porcupine's etcd model: nil means the key does not exist, which it does after write 1
    assertThat(fromAbsent.check(JepsenEtcdLog.nilAsValue(h, "absent")).validity())
        .isEqualTo(Validity.INVALID);
  }

  @Test
  void rejectsAMalformedCas() {
    assertThatThrownBy(
            () -> JepsenEtcdLog.parse(List.of("INFO  jepsen.util - 3\t:invoke\t:cas\t[3]")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[expected new]");
  }

  private static org.assertj.core.groups.Tuple tuple(Object... values) {
    return org.assertj.core.groups.Tuple.tuple(values);
  }
}
