package dev.firedrill.proxy.link;

import dev.firedrill.proxy.toxic.Stream;
import dev.firedrill.proxy.toxic.ToxicSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.List;

/**
 * Moves bytes in one direction of a link with blocking channel I/O and one pooled direct buffer.
 * With no toxic the loop is read, write, repeat: no allocation, no lock. With toxics each chunk
 * runs through {@link ToxicStages} in order of addition; the chain is re-read for every chunk, so a
 * toxic added or removed applies to open connections at once.
 */
final class Pump implements Runnable {
  private final Link link;
  private final Stream stream;
  private final SocketChannel source;
  private final SocketChannel sink;
  private ByteBuffer buffer;

  Pump(Link link, Stream stream, SocketChannel source, SocketChannel sink) {
    this(link, stream, source, sink, null);
  }

  /**
   * With a {@code buffer} from the event loop: its remaining bytes, read before any toxic existed,
   * are written first.
   */
  Pump(Link link, Stream stream, SocketChannel source, SocketChannel sink, ByteBuffer buffer) {
    this.link = link;
    this.stream = stream;
    this.source = source;
    this.sink = sink;
    this.buffer = buffer;
  }

  @Override
  public void run() {
    if (buffer == null) {
      buffer = link.buffers().acquire().limit(0);
    }
    ToxicStages stages = new ToxicStages(link, this);
    try {
      pump(stages);
    } catch (IOException | LinkClosedException e) {
      link.close(); // a broken or closed socket ends the whole link, as in Toxiproxy
    } finally {
      link.buffers().release(buffer);
      link.pumpDone();
    }
  }

  private void pump(ToxicStages stages) throws IOException {
    ToxicChain chain = link.chain();
    while (buffer.hasRemaining()) {
      sink.write(buffer);
    }
    while (true) {
      buffer.clear();
      int read = source.read(buffer);
      List<ToxicSpec> toxics = chain.get(stream);
      if (read < 0) {
        stages.end(toxics);
        sink.shutdownOutput();
        return;
      }
      if (toxics.isEmpty()) {
        buffer.flip();
        while (buffer.hasRemaining()) {
          sink.write(buffer);
        }
      } else {
        stages.emit(toxics, 0, buffer, 0, read, System.nanoTime());
      }
      buffer = link.buffers().next(buffer, read);
    }
  }

  /** Writes {@code length} bytes of the buffer from {@code offset}: the end of every chain. */
  void write(ByteBuffer data, int offset, int length) throws IOException {
    data.limit(offset + length).position(offset);
    while (data.hasRemaining()) {
      sink.write(data);
    }
  }

  Stream stream() {
    return stream;
  }

  /** Thrown inside a chain when a toxic closed the link. */
  static final class LinkClosedException extends RuntimeException {
    LinkClosedException() {
      super(null, null, false, false);
    }
  }

  /** Whether this chain still contains {@code spec} (the toxic was not removed meanwhile). */
  boolean present(ToxicSpec spec) {
    return link.chain().contains(spec);
  }
}
