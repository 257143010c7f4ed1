package dev.firedrill.proxy.link;

import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * Direct buffers reused across connections, so the data path allocates nothing per chunk and
 * nothing per connection once warm. A buffer goes back on close; at most {@code maxIdle} are kept,
 * the rest are left to the garbage collector.
 */
final class BufferPool {
  private final int bufferSize;
  private final ArrayBlockingQueue<ByteBuffer> idle;

  BufferPool(int bufferSize, int maxIdle) {
    this.bufferSize = bufferSize;
    this.idle = new ArrayBlockingQueue<>(maxIdle);
  }

  ByteBuffer acquire() {
    ByteBuffer buffer = idle.poll();
    return buffer != null ? buffer.clear() : ByteBuffer.allocateDirect(bufferSize);
  }

  void release(ByteBuffer buffer) {
    idle.offer(buffer.clear());
  }
}
