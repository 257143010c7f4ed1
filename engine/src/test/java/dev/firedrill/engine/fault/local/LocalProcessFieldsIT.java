package dev.firedrill.engine.fault.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.firedrill.engine.model.LocalProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local process gets what its fields say: {@code command} with {@code {{runDir}}} filled in,
 * {@code env} (with {@code {{runDir}}} in its values) and {@code workingDir}, relative to the drill
 * file's folder. A real {@code sh} writes what it was given into a file.
 */
class LocalProcessFieldsIT {

  @TempDir Path drillFolder;
  @TempDir Path runDir;
  private LocalProcesses processes;

  @AfterEach
  void close() {
    if (processes != null) {
      processes.close();
    }
  }

  @Test
  void envAndWorkingDirReachTheProcess() throws Exception {
    Files.createDirectories(drillFolder.resolve("work"));
    LocalProcess p =
        new LocalProcess(
            "echo",
            List.of(
                "sh",
                "-c",
                "printf '%s|%s|%s' \"$GREETING\" \"$DATA\" \"$(pwd -P)\" > out.txt; echo {{runDir}}"
                    + " > arg.txt; sleep 30"),
            Map.of("GREETING", "hello", "DATA", "{{runDir}}/data"),
            "work",
            null,
            null,
            "5s",
            List.of(),
            null);
    processes = new LocalProcesses(drillFolder, runDir.resolve("logs"));
    processes.startAll(List.of(p));

    Path out = drillFolder.resolve("work/out.txt");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Files.exists(drillFolder.resolve("work/arg.txt")));
    String real = runDir.toAbsolutePath().toString();
    assertThat(Files.readString(out))
        .isEqualTo("hello|" + real + "/data|" + drillFolder.resolve("work").toRealPath());
    assertThat(Files.readString(drillFolder.resolve("work/arg.txt")).strip()).isEqualTo(real);
  }
}
