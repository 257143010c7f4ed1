package dev.firedrill.proxy.link;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * One selector thread serving many connections without toxics ({@link LinkRuntime.Threads#NIO}).
 * Every connection is owned by one loop: its sockets, buffers and state are touched by the loop's
 * thread only; other threads reach it through {@link #submit}. A connection whose proxy gets a
 * toxic is handed to two blocking {@link Pump}s, since toxics wait (latency, bandwidth, ...): its
 * keys are cancelled, and once the next select has deregistered them the channels go back to
 * blocking mode and the pumps start with whatever data was not yet written.
 */
final class EventLoop implements Runnable {
  private static final System.Logger LOG = System.getLogger(EventLoop.class.getName());

  private final LinkRuntime runtime;
  private final Selector selector;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final List<LoopConnection> handoffs = new ArrayList<>();
  private final Consumer<SelectionKey> onReady = this::onReady;
  private volatile boolean running = true;
  private volatile Thread thread;

  EventLoop(LinkRuntime runtime) throws IOException {
    this.runtime = runtime;
    this.selector = Selector.open();
  }

  /** Puts a connected link on this loop (from the thread that connected it). */
  void adopt(Link link) {
    LoopConnection connection = new LoopConnection(link, this, runtime.buffers());
    runtime.countOnLoops(1);
    link.joinedLoop(connection);
    submit(() -> register(connection));
  }

  /** The link's proxy got a toxic: move it to pumps. Any thread. */
  void handOffLater(LoopConnection connection) {
    submit(() -> handOff(connection));
  }

  /** The link closed: give its buffers back and forget it. Any thread. */
  void releaseLater(LoopConnection connection) {
    submit(() -> release(connection));
  }

  void shutdown() {
    running = false;
    selector.wakeup();
  }

  @Override
  public void run() {
    thread = Thread.currentThread();
    try {
      while (running) {
        runTasks();
        if (handoffs.isEmpty()) {
          selector.select(onReady);
        } else {
          selector.selectNow(onReady); // deregisters the cancelled keys of the handoffs
        }
        completeHandoffs();
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "proxy event loop failed", e);
    } finally {
      closeAll();
    }
  }

  private void submit(Runnable task) {
    tasks.add(task);
    if (Thread.currentThread() != thread) {
      selector.wakeup();
    }
  }

  private void runTasks() {
    for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.ERROR, "proxy event loop: task failed", e);
      }
    }
  }

  private void register(LoopConnection connection) {
    if (connection.link().closed()) {
      release(connection);
      return;
    }
    try {
      connection.register(selector);
    } catch (IOException e) {
      connection.link().close();
      release(connection);
      return;
    }
    if (!connection.link().chain().isEmpty()) {
      handOff(connection); // a toxic arrived while the connection was on its way here
    }
  }

  private void onReady(SelectionKey key) {
    LoopConnection connection = (LoopConnection) key.attachment();
    if (connection.leftLoop()) {
      return;
    }
    Link link = connection.link();
    if (link.closed()) {
      release(connection);
    } else if (!link.chain().isEmpty()) {
      handOff(connection); // before reading: this data must go through the toxics
    } else {
      try {
        connection.ready(key);
      } catch (IOException e) {
        link.close(); // a broken socket ends the whole link, as in Toxiproxy
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.ERROR, "proxy event loop: closing a connection", e);
        link.close(); // a bug in one connection must not end the others
      }
      if (link.closed()) {
        release(connection);
      }
    }
  }

  private void handOff(LoopConnection connection) {
    if (connection.leftLoop() || !connection.registered()) {
      return; // not registered yet: register() checks the chain once it has
    }
    connection.cancelKeys();
    handoffs.add(connection);
  }

  private void completeHandoffs() {
    for (Iterator<LoopConnection> it = handoffs.iterator(); it.hasNext(); ) {
      LoopConnection connection = it.next();
      if (connection.deregistered()) {
        it.remove();
        runtime.countOnLoops(-1);
        connection.toPumps(runtime);
      }
    }
  }

  private void release(LoopConnection connection) {
    if (connection.release()) {
      runtime.countOnLoops(-1);
    }
  }

  private void closeAll() {
    runTasks();
    for (SelectionKey key : selector.keys()) {
      LoopConnection connection = (LoopConnection) key.attachment();
      connection.link().close();
      release(connection);
    }
    for (LoopConnection connection : handoffs) {
      connection.link().close();
      runtime.countOnLoops(-1);
      connection.toPumps(runtime); // closed: only gives the buffers back
    }
    handoffs.clear();
    try {
      selector.close();
    } catch (IOException e) {
      // Closing is best effort: the loop is gone either way.
    }
  }
}
