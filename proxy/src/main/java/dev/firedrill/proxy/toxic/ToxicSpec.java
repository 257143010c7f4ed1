package dev.firedrill.proxy.toxic;

/**
 * One named toxic on a proxy: where it acts, how often, and what it does. Immutable: an update
 * produces a new spec, which connections treat as a new toxic (toxicity is rolled again, as in
 * Toxiproxy).
 *
 * @param toxicity the probability, decided once per connection, that the toxic applies to it
 */
public record ToxicSpec(String name, Stream stream, double toxicity, Toxic toxic) {
  public ToxicSpec {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("toxic name must not be empty");
    }
    if (!(toxicity >= 0 && toxicity <= 1)) {
      throw new IllegalArgumentException("toxicity must be between 0 and 1, got " + toxicity);
    }
  }

  public String type() {
    return toxic.type();
  }

  public ToxicSpec withToxic(Toxic newToxic, double newToxicity) {
    return new ToxicSpec(name, stream, newToxicity, newToxic);
  }
}
