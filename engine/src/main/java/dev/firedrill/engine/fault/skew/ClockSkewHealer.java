package dev.firedrill.engine.fault.skew;

import dev.firedrill.engine.fault.Healer;
import dev.firedrill.engine.fault.LedgerEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Heals clock-skew ledger entries with no live run ({@code firedrill heal RUN_DIR}): writes the
 * recorded undo offset ({@code +0}) into the recorded timestamp file. A file that is gone (its run
 * directory deleted) moves no clock any more: nothing to heal.
 */
public final class ClockSkewHealer implements Healer {

  @Override
  public String kind() {
    return ClockSkewDriver.KIND;
  }

  @Override
  public void heal(LedgerEntry entry) throws IOException {
    String file = entry.undo().get("file");
    if (file == null) {
      throw new IOException("ledger entry " + entry.key() + " records no timestamp file");
    }
    Path path = Path.of(file);
    if (!Files.isDirectory(path.getParent())) {
      return;
    }
    FaketimeFile.write(path, entry.undo().getOrDefault("offset", FaketimeFile.ZERO));
  }
}
