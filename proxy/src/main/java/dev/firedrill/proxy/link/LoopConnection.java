package dev.firedrill.proxy.link;

import dev.firedrill.proxy.toxic.Stream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * A link's state while an {@link EventLoop} serves it; touched by the loop's thread only. Each
 * direction reads its source when the source is readable and writes what it read to the sink at
 * once, in the same buffer. Only when the sink's socket buffer is full does the direction keep the
 * rest, stop reading its source and wait for the sink to be writable (back-pressure). No allocation
 * per chunk: the buffers are pooled, as the pumps' are.
 */
final class LoopConnection {
  /** Reads per readiness event at most, so that one bulk connection cannot starve the others. */
  private static final int MAX_READS = 16;

  private final Link link;
  private final EventLoop loop;
  private final BufferPool buffers;
  private final Direction up;
  private final Direction down;
  private SelectionKey clientKey;
  private SelectionKey upstreamKey;
  private boolean handingOff;
  private boolean released;

  LoopConnection(Link link, EventLoop loop, BufferPool buffers) {
    this.link = link;
    this.loop = loop;
    this.buffers = buffers;
    this.up = new Direction(Stream.UPSTREAM, link.client(), link.upstream());
    this.down = new Direction(Stream.DOWNSTREAM, link.upstream(), link.client());
  }

  Link link() {
    return link;
  }

  EventLoop loop() {
    return loop;
  }

  /** Non-blocking mode, buffers, and read interest on both sockets. */
  void register(Selector selector) throws IOException {
    up.buffer = empty(buffers.acquire());
    down.buffer = empty(buffers.acquire());
    link.client().configureBlocking(false);
    link.upstream().configureBlocking(false);
    clientKey = link.client().register(selector, SelectionKey.OP_READ, this);
    upstreamKey = link.upstream().register(selector, SelectionKey.OP_READ, this);
  }

  /** Whether {@link #register} has run: keys exist. */
  boolean registered() {
    return clientKey != null;
  }

  /** Released, or being handed to pumps: the loop has nothing more to do with it. */
  boolean leftLoop() {
    return released || handingOff;
  }

  /** One readiness event of either socket. */
  void ready(SelectionKey key) throws IOException {
    boolean client = key == clientKey;
    Direction out = client ? down : up; // the direction writing to this socket
    Direction in = client ? up : down; // the direction reading from it
    int ops = key.readyOps();
    if ((ops & SelectionKey.OP_WRITE) != 0 && out.pending && flush(out)) {
      transfer(out);
    }
    if ((ops & SelectionKey.OP_READ) != 0 && in.reading()) {
      transfer(in);
    }
  }

  /** Reads and writes until the source is drained, the sink is full, or {@link #MAX_READS}. */
  private void transfer(Direction d) throws IOException {
    for (int i = 0; i < MAX_READS; i++) {
      ByteBuffer buffer = d.buffer.clear();
      int read = d.source.read(buffer);
      if (read <= 0) {
        if (read < 0) {
          end(d);
        }
        return;
      }
      buffer.flip();
      d.sink.write(buffer);
      if (buffer.hasRemaining()) {
        d.pending = true;
        interest();
        return;
      }
      d.buffer = buffers.next(buffer, read);
      if (read < buffer.capacity()) {
        return; // most likely drained: one more read would only return 0
      }
    }
  }

  /** Writes what a full sink left over; true once all of it is written. */
  private boolean flush(Direction d) throws IOException {
    d.sink.write(d.buffer);
    if (d.buffer.hasRemaining()) {
      return false;
    }
    d.pending = false;
    interest();
    return true;
  }

  /** The source ended: pass the FIN on; the link closes once both directions have ended. */
  private void end(Direction d) throws IOException {
    d.ended = true;
    d.sink.shutdownOutput();
    interest();
    if (up.ended && down.ended) {
      link.close();
    }
  }

  private void interest() {
    int clientOps =
        (up.reading() ? SelectionKey.OP_READ : 0) | (down.pending ? SelectionKey.OP_WRITE : 0);
    int upstreamOps =
        (down.reading() ? SelectionKey.OP_READ : 0) | (up.pending ? SelectionKey.OP_WRITE : 0);
    if (clientKey.interestOps() != clientOps) {
      clientKey.interestOps(clientOps);
    }
    if (upstreamKey.interestOps() != upstreamOps) {
      upstreamKey.interestOps(upstreamOps);
    }
  }

  void cancelKeys() {
    handingOff = true;
    clientKey.cancel();
    upstreamKey.cancel();
  }

  /** Whether the selector has deregistered both sockets, so they may block again. */
  boolean deregistered() {
    return !link.client().isRegistered() && !link.upstream().isRegistered();
  }

  /**
   * Hands the link to two blocking pumps, each starting with the data its direction had not yet
   * written; a direction that already ended counts as a finished pump. A closed link only gives its
   * buffers back.
   */
  void toPumps(LinkRuntime runtime) {
    link.leftLoop();
    if (!link.closed()) {
      try {
        link.client().configureBlocking(true);
        link.upstream().configureBlocking(true);
      } catch (IOException e) {
        link.close();
      }
    }
    for (Direction d : new Direction[] {down, up}) {
      ByteBuffer buffer = d.buffer;
      d.buffer = null;
      if (buffer == null) {
        continue; // never registered
      }
      if (d.ended || link.closed()) {
        buffers.release(buffer);
        link.pumpDone();
      } else {
        if (!d.pending) {
          buffer.limit(0); // nothing to write first (a buffer fresh from the pool is all remaining)
        }
        runtime.start(new Pump(link, d.stream, d.source, d.sink, buffer));
      }
    }
  }

  /** Gives the buffers back once; false if already released or handed to pumps. */
  boolean release() {
    if (released || handingOff) {
      return false;
    }
    released = true;
    for (SelectionKey key : new SelectionKey[] {clientKey, upstreamKey}) {
      if (key != null) {
        key.cancel(); // null: registration failed half-way or never ran
      }
    }
    for (Direction d : new Direction[] {down, up}) {
      if (d.buffer != null) {
        buffers.release(d.buffer);
        d.buffer = null;
      }
    }
    return true;
  }

  /** A buffer with nothing to write: position = limit = 0. */
  private static ByteBuffer empty(ByteBuffer buffer) {
    return buffer.limit(0);
  }

  /** One direction: what it reads from, what it writes to, and what it holds. */
  private static final class Direction {
    final Stream stream;
    final SocketChannel source;
    final SocketChannel sink;
    ByteBuffer buffer;
    boolean pending;
    boolean ended;

    Direction(Stream stream, SocketChannel source, SocketChannel sink) {
      this.stream = stream;
      this.source = source;
      this.sink = sink;
    }

    boolean reading() {
      return !pending && !ended;
    }
  }
}
