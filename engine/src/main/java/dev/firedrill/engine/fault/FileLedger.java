package dev.firedrill.engine.fault;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fault ledger kept as {@code ledger.json} in a run directory: the whole ledger rewritten on each
 * change, to a temporary file that is synced and then renamed over the old one, so a crash at any
 * moment leaves either the old or the new ledger, never half of one. {@code firedrill heal RUN_DIR}
 * reads it back with {@link #read}.
 */
public final class FileLedger implements FaultLedger {

  /** The file name in a run directory. */
  public static final String FILE = "ledger.json";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);

  private final Path file;
  private final Map<String, LedgerEntry> entries = new LinkedHashMap<>();

  public FileLedger(Path runDir) {
    this.file = runDir.resolve(FILE);
  }

  @Override
  public synchronized void record(LedgerEntry entry) throws IOException {
    entries.put(entry.key(), entry);
    write();
  }

  @Override
  public synchronized void update(LedgerEntry entry) throws IOException {
    entries.put(entry.key(), entry);
    write();
  }

  /** The entries of a run directory's ledger; empty when it has none. */
  public static List<LedgerEntry> read(Path runDir) throws IOException {
    Path f = runDir.resolve(FILE);
    if (!Files.exists(f)) {
      return List.of();
    }
    return JSON.readValue(f.toFile(), new TypeReference<List<LedgerEntry>>() {});
  }

  private void write() throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(FILE + ".tmp");
    try (FileOutputStream out = new FileOutputStream(tmp.toFile())) {
      JSON.writeValue(out, List.copyOf(entries.values()));
      out.getFD().sync();
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
