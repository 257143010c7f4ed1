package dev.firedrill.proxy.toxic;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One named toxic on a proxy: where it acts, how often, and what it does. Immutable: an update
 * produces a new spec, whose toxicity connections roll again, as in Toxiproxy; it keeps the {@code
 * id}, so per-connection state (the bytes {@code limit_data} has counted) carries over the update,
 * as Toxiproxy keeps a toxic's state per link. Removing a toxic and adding it again starts afresh.
 *
 * @param toxicity the probability, decided once per connection, that the toxic applies to it
 * @param id identifies the toxic across updates; unique within the JVM
 */
public record ToxicSpec(String name, Stream stream, double toxicity, Toxic toxic, long id) {
  private static final AtomicLong IDS = new AtomicLong();

  /** A new toxic, with a new id. */
  public ToxicSpec(String name, Stream stream, double toxicity, Toxic toxic) {
    this(name, stream, toxicity, toxic, IDS.incrementAndGet());
  }

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

  /** The same toxic (same id) with new attributes and toxicity. */
  public ToxicSpec withToxic(Toxic newToxic, double newToxicity) {
    return new ToxicSpec(name, stream, newToxicity, newToxic, id);
  }
}
