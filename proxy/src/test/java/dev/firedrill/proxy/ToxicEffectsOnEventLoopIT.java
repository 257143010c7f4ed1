package dev.firedrill.proxy;

import dev.firedrill.proxy.link.LinkRuntime;

/**
 * Every toxic effect again with the event-loop data path: connections start on the loop and are
 * handed to pumps when a toxic arrives, including while open and holding data.
 */
class ToxicEffectsOnEventLoopIT extends ToxicEffectsIT {
  @Override
  LinkRuntime.Threads threads() {
    return LinkRuntime.Threads.NIO;
  }
}
