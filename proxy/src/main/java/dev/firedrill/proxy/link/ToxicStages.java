package dev.firedrill.proxy.link;

import dev.firedrill.proxy.toxic.Toxic;
import dev.firedrill.proxy.toxic.ToxicSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What each toxic does to a chunk, for one pump. A chunk is a range of the pump's buffer; each
 * stage passes zero, one or several sub-ranges to the next stage, the last stage writes. Waits end
 * early when the chain changes or the link closes, so removing a toxic releases held data. State
 * (bandwidth schedule, bytes counted by limit_data) is per pump, i.e. per connection and stream,
 * and touched by the pump's thread only. A limit_data count belongs to the toxic's {@link
 * ToxicSpec#id()}: it carries over an update of the toxic and restarts when a toxic of the same
 * name is added anew, as in Toxiproxy.
 */
final class ToxicStages {
  private static final long MILLI = 1_000_000L;

  private final Link link;
  private final Pump pump;
  private final Map<String, Count> transmitted = new HashMap<>();
  private long bandwidthNext;

  ToxicStages(Link link, Pump pump) {
    this.link = link;
    this.pump = pump;
  }

  void emit(List<ToxicSpec> chain, int stage, ByteBuffer data, int offset, int length, long read)
      throws IOException {
    if (stage == chain.size()) {
      pump.write(data, offset, length);
      return;
    }
    ToxicSpec spec = chain.get(stage);
    if (!link.applies(spec)) {
      emit(chain, stage + 1, data, offset, length, read);
      return;
    }
    switch (spec.toxic()) {
      case Toxic.Latency l -> {
        pause(spec, read + delayNanos(l));
        emit(chain, stage + 1, data, offset, length, read);
      }
      case Toxic.Bandwidth b -> throttle(chain, stage, spec, b, data, offset, length, read);
      case Toxic.Slicer s -> slice(chain, stage, spec, s, data, offset, length, read);
      case Toxic.LimitData d -> limit(chain, stage, spec, d, data, offset, length, read);
      case Toxic.Timeout t -> {
        // Dropped: a timeout toxic is a blackhole until its timer closes the link.
      }
      case Toxic.ResetPeer r -> {
        pause(spec, System.nanoTime() + r.timeout() * MILLI);
        link.reset();
        throw new Pump.LinkClosedException();
      }
      case Toxic.SlowClose c -> emit(chain, stage + 1, data, offset, length, read);
      case Toxic.Noop n -> emit(chain, stage + 1, data, offset, length, read);
    }
  }

  /** The source ended: slow_close toxics delay the close that follows. */
  void end(List<ToxicSpec> chain) {
    for (ToxicSpec spec : chain) {
      if (spec.toxic() instanceof Toxic.SlowClose c && link.applies(spec)) {
        pause(spec, System.nanoTime() + c.delay() * MILLI);
      }
    }
  }

  private static long delayNanos(Toxic.Latency l) {
    long jitter =
        l.jitter() == 0 ? 0 : ThreadLocalRandom.current().nextLong(-l.jitter(), l.jitter() + 1);
    return Math.max(0, l.latency() + jitter) * MILLI;
  }

  private void throttle(
      List<ToxicSpec> chain,
      int stage,
      ToxicSpec spec,
      Toxic.Bandwidth b,
      ByteBuffer data,
      int offset,
      int length,
      long read)
      throws IOException {
    while (b.rate() == 0 && pump.present(spec) && !link.closed()) {
      pause(spec, System.nanoTime() + Toxic.MAX_MILLIS * MILLI); // rate 0 holds the data
    }
    int end = offset + length;
    int sliceMax = (int) Math.min(Integer.MAX_VALUE, Math.max(1, b.rate() * 100));
    for (int at = offset; at < end; ) {
      int n = Math.min(sliceMax, end - at);
      if (b.rate() > 0 && pump.present(spec)) {
        long deadline = Math.max(System.nanoTime(), bandwidthNext) + n * MILLI / b.rate();
        pause(spec, deadline);
        bandwidthNext = deadline;
      }
      emit(chain, stage + 1, data, at, n, read);
      at += n;
    }
  }

  private void slice(
      List<ToxicSpec> chain,
      int stage,
      ToxicSpec spec,
      Toxic.Slicer s,
      ByteBuffer data,
      int offset,
      int length,
      long read)
      throws IOException {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int end = offset + length;
    for (int at = offset; at < end; ) {
      long variation =
          s.sizeVariation() == 0 ? 0 : random.nextLong(-s.sizeVariation(), s.sizeVariation() + 1);
      int n = (int) Math.min(end - at, Math.max(1, s.averageSize() + variation));
      emit(chain, stage + 1, data, at, n, read);
      at += n;
      if (s.delay() > 0 && at < end) {
        pause(spec, System.nanoTime() + s.delay() * 1000);
      }
    }
  }

  private void limit(
      List<ToxicSpec> chain,
      int stage,
      ToxicSpec spec,
      Toxic.LimitData d,
      ByteBuffer data,
      int offset,
      int length,
      long read)
      throws IOException {
    Count sent = transmitted.get(spec.name());
    if (sent == null || sent.id != spec.id()) {
      sent = new Count(spec.id()); // once per toxic and connection
      transmitted.put(spec.name(), sent);
    }
    int allowed = (int) Math.min(length, Math.max(0, d.bytes() - sent.bytes));
    if (allowed > 0) {
      emit(chain, stage + 1, data, offset, allowed, read);
      sent.bytes += allowed;
    }
    if (sent.bytes >= d.bytes()) {
      link.close();
      throw new Pump.LinkClosedException();
    }
  }

  /** The bytes a limit_data toxic (by id) has let through on this pump. */
  private static final class Count {
    final long id;
    long bytes;

    Count(long id) {
      this.id = id;
    }
  }

  /**
   * Waits until {@code deadline} (a {@link System#nanoTime()} value); returns early if the toxic is
   * removed or replaced (its data is then released to the rest of the chain) or the link closes.
   */
  private void pause(ToxicSpec spec, long deadline) {
    ToxicChain chain = link.chain();
    while (!link.closed() && pump.present(spec)) {
      long seen = chain.version();
      if (System.nanoTime() - deadline >= 0) {
        return;
      }
      chain.await(seen, deadline);
    }
  }
}
