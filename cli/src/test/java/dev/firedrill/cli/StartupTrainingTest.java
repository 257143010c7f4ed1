package dev.firedrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The start-up cache's training run (what {@code ./firedrill} runs under {@code
 * -XX:AOTCacheOutput}): every command it trains ends with the exit code it expects (so the classes
 * of the real paths, not of an error path, get into the cache), it prints nothing, and it leaves no
 * temporary folder behind.
 */
class StartupTrainingTest {

  @Test
  void everyTrainedCommandEndsAsExpectedSilentlyAndLeavesNothing() throws Exception {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    long before = trainingFolders(tmp);
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8);
    System.setOut(capture);
    System.setErr(capture);
    try {
      StartupTraining.main(new String[] {Path.of("..").toString()});
    } finally {
      System.setOut(out);
      System.setErr(err);
    }

    assertThat(printed.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(trainingFolders(tmp)).isEqualTo(before);
  }

  private static long trainingFolders(Path tmp) throws Exception {
    try (Stream<Path> files = Files.list(tmp)) {
      return files.filter(p -> p.getFileName().toString().startsWith("firedrill-training")).count();
    }
  }
}
