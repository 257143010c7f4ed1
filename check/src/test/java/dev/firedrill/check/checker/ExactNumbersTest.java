package dev.firedrill.check.checker;

import static dev.firedrill.check.checker.Verdicts.summary;
import static dev.firedrill.check.history.Dsl.h;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** Numbers past 64 bits are compared and summed exactly, never wrapped. */
class ExactNumbersTest {
  private static final String MAX = Long.toString(Long.MAX_VALUE);

  @Test
  void aRegisterWriteOfTwoToTheSixtyFourPlusOneIsNotOne() {
    Result r =
        new Linearizable(Linearizable.Model.REGISTER)
            .check(
                h(
                    "0 invoke write 18446744073709551617",
                    "0 ok write 18446744073709551617",
                    "1 invoke read",
                    "1 ok read 1"));
    assertThat(r.validity()).isEqualTo(Validity.INVALID);
    assertThat(r.anomalies().getFirst().details())
        .containsEntry("valueAfterPrefix", new BigInteger("18446744073709551617"));
  }

  @Test
  void aCounterPastTwoToTheSixtyFourIsNotWrapped() {
    Result r =
        new Counter()
            .check(
                h(
                    "0 invoke add " + MAX,
                    "0 ok add " + MAX,
                    "0 invoke add " + MAX,
                    "0 ok add " + MAX,
                    "1 invoke read",
                    "1 ok read -2"));
    assertThat(summary(r)).containsExactly("below[invalid] ops=[4, 5]");
    assertThat(r.anomalies().getFirst().details())
        .containsEntry("lower", new BigInteger("18446744073709551614"));
  }

  @Test
  void aBankTotalPastTwoToTheSixtyFourIsNotWrapped() {
    Result r =
        new Conservation(0L)
            .check(h("1 invoke read", "1 ok read {\"a\" " + MAX + " \"b\" " + MAX + " \"c\" 2}"));
    assertThat(summary(r)).containsExactly("wrong-total[invalid] ops=[1]");
    assertThat(r.anomalies().getFirst().details())
        .containsEntry("total", new BigInteger("18446744073709551616"));
  }

  @Test
  void decimalBalancesKeepTheirDigits() {
    Result r =
        new Conservation()
            .check(
                h(
                    "1 invoke read",
                    "1 ok read {\"a\" 0.1 \"b\" 0.2}",
                    "1 invoke read",
                    "1 ok read {\"a\" 0.3 \"b\" 0.0}"));
    assertThat(r.validity())
        .isEqualTo(Validity.VALID); // 0.1 + 0.2 is 0.3 here, not 0.30000000000000004
  }

  @Test
  void anEventVersionPastTwoToTheSixtyFourThenOneIsARegression() {
    Result r =
        new Ordering()
            .check(
                h(
                    "0 invoke read key=e",
                    "0 ok read 18446744073709551617 key=e",
                    "0 invoke read key=e",
                    "0 ok read 1 key=e"));
    assertThat(summary(r)).containsExactly("regression[invalid] key=e ops=[1, 2, 3]");
  }
}
