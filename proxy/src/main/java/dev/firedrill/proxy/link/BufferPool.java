package dev.firedrill.proxy.link;

import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * Direct buffers reused across connections, so the data path allocates nothing per chunk and
 * nothing per connection once warm. Two sizes: every direction starts with a small buffer (a
 * thousand idle connections hold 32 MB); one whose reads fill the small buffer is moving bulk data
 * and gets a large one, which cuts system calls per byte (measured in docs/benchmarks.md). A buffer
 * goes back on close; beyond {@code maxIdle} per size they are left to the GC.
 */
final class BufferPool {
  static final int SMALL = 16 * 1024;
  static final int LARGE = 256 * 1024;

  private final ArrayBlockingQueue<ByteBuffer> idleSmall = new ArrayBlockingQueue<>(1024);
  private final ArrayBlockingQueue<ByteBuffer> idleLarge = new ArrayBlockingQueue<>(64);

  /** A small buffer, cleared. */
  ByteBuffer acquire() {
    return take(idleSmall, SMALL);
  }

  /**
   * After a read of {@code read} bytes into {@code buffer} (already written on): the buffer to read
   * into next, large once a read filled a small one.
   */
  ByteBuffer next(ByteBuffer buffer, int read) {
    if (read < buffer.capacity() || buffer.capacity() >= LARGE) {
      return buffer;
    }
    release(buffer);
    return take(idleLarge, LARGE);
  }

  void release(ByteBuffer buffer) {
    (buffer.capacity() >= LARGE ? idleLarge : idleSmall).offer(buffer.clear());
  }

  private static ByteBuffer take(ArrayBlockingQueue<ByteBuffer> idle, int size) {
    ByteBuffer buffer = idle.poll();
    return buffer != null ? buffer.clear() : ByteBuffer.allocateDirect(size);
  }
}
