package dev.firedrill.engine.fault.toxiproxy;

import dev.firedrill.engine.fault.Healer;
import dev.firedrill.engine.fault.LedgerEntry;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Heals Toxiproxy ledger entries with no live run: connects to the server each entry names (its
 * {@code url}) and undoes the entry there, as {@link ToxiproxyDriver#heal(LedgerEntry)} does.
 */
public final class ToxiproxyHealer implements Healer, AutoCloseable {

  private final Duration timeout;
  private final Map<String, ToxiproxyDriver> drivers = new LinkedHashMap<>();

  public ToxiproxyHealer(Duration timeout) {
    this.timeout = timeout;
  }

  @Override
  public String kind() {
    return ToxiproxyDriver.KIND;
  }

  @Override
  public void heal(LedgerEntry entry) throws ToxiproxyException {
    String url = entry.undo().get("url");
    if (url == null) {
      throw new ToxiproxyException("ledger entry " + entry.key() + " names no Toxiproxy url");
    }
    ToxiproxyDriver driver;
    synchronized (drivers) {
      driver = drivers.computeIfAbsent(url, u -> ToxiproxyDriver.connect(URI.create(u), timeout));
    }
    driver.heal(entry);
  }

  @Override
  public void close() {
    synchronized (drivers) {
      drivers.values().forEach(ToxiproxyDriver::close);
      drivers.clear();
    }
  }
}
