package dev.firedrill.demo;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The processes and relays one test started; {@link #close()} stops them all, newest first, so no
 * process outlives its test.
 */
final class TestingShop implements AutoCloseable {
  private final List<AutoCloseable> running = new ArrayList<>();

  /** Starts {@code service} on a free port; see {@link ShopProcess#start}. */
  ShopProcess start(String service, String... args) throws IOException {
    return keep(ShopProcess.start(service, args));
  }

  /** A relay in front of {@code target}, for a service to reach it through. */
  TestingRelay relayTo(ShopProcess target) throws IOException {
    return keep(new TestingRelay(target.url()));
  }

  <T extends AutoCloseable> T keep(T resource) {
    running.add(resource);
    return resource;
  }

  @Override
  public void close() throws Exception {
    Exception first = null;
    for (AutoCloseable each : running.reversed()) {
      try {
        each.close();
      } catch (Exception e) {
        first = first == null ? e : first;
      }
    }
    running.clear();
    if (first != null) {
      throw first;
    }
  }
}
