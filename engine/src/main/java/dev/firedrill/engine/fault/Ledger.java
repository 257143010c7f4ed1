package dev.firedrill.engine.fault;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The fault ledger of one run, or of a heal with no run: every entry in memory, each change made
 * durable through a {@link FaultLedger} sink. Healing is one code path for a live run and for a
 * process that only has the entries ({@link #healAll}): an entry is undone by the {@link Healer} of
 * its driver kind; of entries sharing an {@linkplain LedgerEntry#exclusive exclusive} resource only
 * the last one still in effect undoes it (reference counting, so two overlapping pauses of one
 * process leave it stopped until both are healed); a failed heal is retried with backoff and, if it
 * still fails, stays {@code HealFailed} and is named in {@link #leftBehind}.
 */
public final class Ledger {

  /** Pauses between heal attempts of one entry. */
  static final List<Duration> HEAL_BACKOFF =
      List.of(Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofMillis(1500));

  private final FaultLedger sink;
  private final InstantSource clock;
  private final Map<String, LedgerEntry> entries = new LinkedHashMap<>();

  public Ledger(FaultLedger sink, InstantSource clock) {
    this.sink = Objects.requireNonNull(sink);
    this.clock = Objects.requireNonNull(clock);
  }

  /** A ledger holding entries read back from a durable store (a file, a DrillRun's status). */
  public static Ledger of(List<LedgerEntry> existing, FaultLedger sink, InstantSource clock) {
    Ledger ledger = new Ledger(sink, clock);
    existing.forEach(e -> ledger.entries.put(e.key(), e));
    return ledger;
  }

  /** Makes a planned entry durable; the sink's exception vetoes the inject. */
  public synchronized void record(LedgerEntry planned) throws Exception {
    sink.record(planned);
    entries.put(planned.key(), planned);
  }

  /** The inject of the entry took effect; {@code lasting} false for a kill (nothing to undo). */
  public synchronized LedgerEntry injected(LedgerEntry e, boolean lasting) {
    return put(
        e.with(lasting ? LedgerEntry.State.INJECTED : LedgerEntry.State.DONE, now(), null, null));
  }

  /** The inject failed; the entry is still healed, since it may have taken effect in part. */
  public synchronized LedgerEntry failed(LedgerEntry e, String error) {
    return put(e.with(LedgerEntry.State.FAILED, e.injectedAt(), null, error));
  }

  /**
   * Heals every entry of {@code occurrence} still in effect, retrying with backoff. Returns the
   * entries as they ended.
   */
  public List<LedgerEntry> heal(String occurrence, Map<String, ? extends Healer> healers) {
    // A heal runs even on an interrupted thread (cancel, Ctrl-C): clear the flag while healing so
    // the drivers' I/O is not cut short, and set it again after.
    boolean[] interrupted = {Thread.interrupted()};
    try {
      return healNow(occurrence, healers, interrupted);
    } finally {
      if (interrupted[0] || Thread.interrupted()) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private List<LedgerEntry> healNow(
      String occurrence, Map<String, ? extends Healer> healers, boolean[] interrupted) {
    List<LedgerEntry> mine;
    synchronized (this) {
      mine =
          entries.values().stream()
              .filter(e -> e.occurrence().equals(occurrence) && e.state().needsHeal())
              .toList();
    }
    List<LedgerEntry> out = new ArrayList<>();
    for (LedgerEntry e : mine) {
      out.add(healOne(e, healers, interrupted));
    }
    return out;
  }

  /** Heals every entry still in effect, in the order they were recorded. Idempotent. */
  public List<LedgerEntry> healAll(Map<String, ? extends Healer> healers) {
    List<LedgerEntry> out = new ArrayList<>();
    for (String occurrence : occurrencesInEffect()) {
      out.addAll(heal(occurrence, healers));
    }
    return out;
  }

  /** The occurrences with an entry still in effect, in recorded order. */
  public synchronized List<String> occurrencesInEffect() {
    return entries.values().stream()
        .filter(e -> e.state().needsHeal())
        .map(LedgerEntry::occurrence)
        .distinct()
        .toList();
  }

  /** Every entry, in recorded order. */
  public synchronized List<LedgerEntry> entries() {
    return List.copyOf(entries.values());
  }

  /** Entries whose fault may still be in effect: not healed, or a heal failed. */
  public synchronized List<LedgerEntry> leftBehind() {
    return entries.values().stream().filter(e -> e.state().needsHeal()).toList();
  }

  private LedgerEntry healOne(
      LedgerEntry e, Map<String, ? extends Healer> healers, boolean[] interrupted) {
    if (sharedWithAnother(e)) {
      // Another fault in effect holds the same resource: releasing it now would end that one too.
      return put(e.with(LedgerEntry.State.HEALED, e.injectedAt(), now(), null));
    }
    Healer healer = healers.get(e.driver());
    if (healer == null) {
      return put(
          e.with(
              LedgerEntry.State.HEAL_FAILED,
              e.injectedAt(),
              null,
              "no healer for " + e.driver() + " faults here"));
    }
    String error = null;
    for (int attempt = 0; attempt <= HEAL_BACKOFF.size(); attempt++) {
      interrupted[0] |= Thread.interrupted();
      try {
        healer.heal(e);
        return put(e.with(LedgerEntry.State.HEALED, e.injectedAt(), now(), null));
      } catch (Exception ex) {
        error = describe(ex);
        if (attempt < HEAL_BACKOFF.size()) {
          interrupted[0] |= pause(HEAL_BACKOFF.get(attempt));
        }
      }
    }
    return put(e.with(LedgerEntry.State.HEAL_FAILED, e.injectedAt(), null, error));
  }

  private synchronized boolean sharedWithAnother(LedgerEntry e) {
    if (e.exclusive() == null) {
      return false;
    }
    return entries.values().stream()
        .anyMatch(o ->
            !o.key().equals(e.key())
                && e.exclusive().equals(o.exclusive())
                && o.state().needsHeal());
  }

  private synchronized LedgerEntry put(LedgerEntry e) {
    entries.put(e.key(), e);
    try {
      sink.update(e);
    } catch (Exception ignored) {
      // Best effort: the entry stays in memory and the next update (or the final write) carries it.
    }
    return e;
  }

  private String now() {
    return clock.instant().toString();
  }

  /** The exception's class and message, for the history and the ledger. */
  public static String describe(Throwable e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  /** A backoff pause that an interrupt does not cut short; true when one came meanwhile. */
  private static boolean pause(Duration d) {
    long end = System.nanoTime() + d.toNanos();
    boolean interrupted = false;
    for (long left = d.toNanos(); left > 0; left = end - System.nanoTime()) {
      try {
        Thread.sleep(Duration.ofNanos(left));
      } catch (InterruptedException ex) {
        interrupted = true;
      }
    }
    return interrupted;
  }
}
