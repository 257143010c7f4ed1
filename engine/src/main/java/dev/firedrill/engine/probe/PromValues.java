package dev.firedrill.engine.probe;

/**
 * Prometheus writes sample values as strings, including {@code +Inf}, {@code -Inf} and {@code NaN}.
 */
final class PromValues {

  private PromValues() {}

  static double parse(String text) {
    return switch (text) {
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(text);
    };
  }
}
