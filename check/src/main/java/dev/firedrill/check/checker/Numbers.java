package dev.firedrill.check.checker;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Numbers as histories carry them, compared and summed exactly: a value past 64 bits (a {@link
 * BigInteger} from the readers) is never wrapped into a {@code long}, so 2^64 + 1 is not 1 and 2^63
 * - 1 + 2^63 - 1 is not -2.
 */
final class Numbers {
  private Numbers() {}

  /** The exact value of an integer or decimal number, or null for anything else (NaN included). */
  static BigDecimal exact(Object value) {
    return switch (value) {
      case Long l -> BigDecimal.valueOf(l);
      case Integer i -> BigDecimal.valueOf(i);
      case Short s -> BigDecimal.valueOf(s);
      case Byte b -> BigDecimal.valueOf(b);
      case BigInteger b -> new BigDecimal(b);
      case BigDecimal d -> d;
      case Double d when Double.isFinite(d) -> BigDecimal.valueOf(d);
      case Float f when Float.isFinite(f) -> BigDecimal.valueOf(f);
      case null, default -> null;
    };
  }

  /** Compares two numbers exactly; both must be numbers {@link #exact} accepts. */
  static int compare(Object a, Object b) {
    if (a instanceof Long x && b instanceof Long y) {
      return Long.compare(x, y);
    }
    return exact(a).compareTo(exact(b));
  }

  /** A long when the value is an integer that fits one, else the exact value: for details. */
  static Object plain(BigDecimal value) {
    try {
      return value.longValueExact();
    } catch (ArithmeticException e) {
      BigDecimal stripped = value.stripTrailingZeros();
      return stripped.scale() <= 0 ? stripped.toBigIntegerExact() : stripped;
    }
  }
}
