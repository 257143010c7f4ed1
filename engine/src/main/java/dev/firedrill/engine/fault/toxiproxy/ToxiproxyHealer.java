package dev.firedrill.engine.fault.toxiproxy;

import dev.firedrill.engine.fault.Healer;
import dev.firedrill.engine.fault.LedgerEntry;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Heals Toxiproxy ledger entries with no live run: connects to the server each entry names (its
 * {@code url}) and undoes the entry there, as {@link ToxiproxyDriver#heal(LedgerEntry)} does, with
 * the token given for that server, if any (the ledger holds none).
 */
public final class ToxiproxyHealer implements Healer, AutoCloseable {

  private final Duration timeout;
  private final Map<String, String> tokens;
  private final Map<String, ToxiproxyDriver> drivers = new LinkedHashMap<>();

  /** A healer for servers that ask for no token. */
  public ToxiproxyHealer(Duration timeout) {
    this(timeout, Map.of());
  }

  /**
   * @param tokens the token of each server that needs one, by its URL as the entries name it
   *     ({@code scheme://host:port}, {@link ToxiproxyDriver#url()})
   */
  public ToxiproxyHealer(Duration timeout, Map<String, String> tokens) {
    this.timeout = timeout;
    this.tokens = Map.copyOf(tokens);
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
      driver =
          drivers.computeIfAbsent(
              url, u -> ToxiproxyDriver.connect(URI.create(u), timeout, tokens.get(u)));
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
