package dev.firedrill.proxy.link;

import dev.firedrill.proxy.toxic.Stream;
import dev.firedrill.proxy.toxic.ToxicSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The toxics of one proxy, in order of addition per stream. Readers on the data path take a
 * volatile snapshot per chunk (no lock, no allocation); writers replace the snapshot under the lock
 * and wake every pump waiting on a toxic, so changes apply to open connections at once.
 */
final class ToxicChain {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private volatile List<ToxicSpec> upstream = List.of();
  private volatile List<ToxicSpec> downstream = List.of();
  private volatile long version;

  List<ToxicSpec> get(Stream stream) {
    return stream == Stream.UPSTREAM ? upstream : downstream;
  }

  /** Whether neither stream has a toxic. */
  boolean isEmpty() {
    return upstream.isEmpty() && downstream.isEmpty();
  }

  /** Every toxic, upstream first, as Toxiproxy lists them. */
  List<ToxicSpec> all() {
    List<ToxicSpec> all = new ArrayList<>(upstream);
    all.addAll(downstream);
    return all;
  }

  ToxicSpec find(String name) {
    for (ToxicSpec spec : all()) {
      if (spec.name().equals(name)) {
        return spec;
      }
    }
    return null;
  }

  boolean contains(ToxicSpec spec) {
    for (ToxicSpec candidate : get(spec.stream())) {
      if (candidate == spec) {
        return true;
      }
    }
    return false;
  }

  long version() {
    return version;
  }

  /** Adds, replaces ({@code old} non-null) or removes ({@code replacement} null) one toxic. */
  void change(ToxicSpec old, ToxicSpec replacement) {
    lock.lock();
    try {
      Stream stream = old != null ? old.stream() : replacement.stream();
      List<ToxicSpec> next = new ArrayList<>(get(stream));
      int index = old == null ? -1 : next.indexOf(old);
      if (old == null) {
        next.add(replacement);
      } else if (replacement == null) {
        next.remove(index);
      } else {
        next.set(index, replacement);
      }
      publish(stream, List.copyOf(next));
    } finally {
      lock.unlock();
    }
  }

  /** Removes every toxic and returns what was removed. */
  List<ToxicSpec> clear() {
    lock.lock();
    try {
      List<ToxicSpec> removed = all();
      publish(Stream.UPSTREAM, List.of());
      publish(Stream.DOWNSTREAM, List.of());
      return removed;
    } finally {
      lock.unlock();
    }
  }

  /** Wakes every waiting pump, e.g. because its connection closed. */
  void wakeAll() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until the chain changes, {@code deadlineNanos} (a {@link System#nanoTime()} value)
   * passes, or {@link #wakeAll()}; the caller re-checks its own condition afterwards.
   */
  void await(long seenVersion, long deadlineNanos) {
    lock.lock();
    try {
      long left = deadlineNanos - System.nanoTime();
      if (version == seenVersion && left > 0) {
        changed.await(left, TimeUnit.NANOSECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }

  private void publish(Stream stream, List<ToxicSpec> next) {
    if (stream == Stream.UPSTREAM) {
      upstream = next;
    } else {
      downstream = next;
    }
    version++;
    changed.signalAll();
  }
}
