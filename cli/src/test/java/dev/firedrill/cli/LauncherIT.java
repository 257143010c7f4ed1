package dev.firedrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./firedrill} launcher itself, run as a user runs it from a root of its own that holds
 * only what the launcher reads (the script, {@code scripts/find-jdk}, the packaged jars): no
 * sources, so it never rebuilds. It picks the JVM settings of a short run for a {@code check} whose
 * files add up to at most 32 MiB, however many files there are, and the full JIT past that; and it
 * finds a JDK 21+ when {@code JAVA_HOME} names an older one.
 */
class LauncherIT {

  @TempDir Path root;
  @TempDir Path data;

  @BeforeEach
  void scratchRoot() throws IOException {
    Path repo = Path.of("..").toAbsolutePath().normalize();
    Files.createDirectories(root.resolve("scripts"));
    Files.createDirectories(root.resolve("cli/target"));
    Files.createDirectories(root.resolve("demo/target"));
    Files.copy(repo.resolve("firedrill"), root.resolve("firedrill"));
    Files.copy(repo.resolve("scripts/find-jdk"), root.resolve("scripts/find-jdk"));
    Files.copy(
        PackagedCli.JAR,
        root.resolve("cli/target/firedrill-cli.jar"),
        StandardCopyOption.COPY_ATTRIBUTES);
    Path demo = repo.resolve("demo/target/firedrill-demo.jar");
    assertThat(demo).as("the demo jar (built before the cli module)").exists();
    Files.copy(demo, root.resolve("demo/target/firedrill-demo.jar"));
  }

  private record Run(int exit, String out, String err) {}

  /** The launcher with {@code env} added, its JVM printing its flags and java.home first. */
  private Run launch(Map<String, String> env, List<String> args) throws Exception {
    List<String> command = new ArrayList<>(List.of(root.resolve("firedrill").toString()));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).directory(data.toFile());
    pb.environment().put("FIREDRILL_STARTUP_CACHE", "cds"); // no training run: a quick test
    pb.environment().put("FIREDRILL_JAVA_OPTS", "-XX:+PrintFlagsFinal -XshowSettings:properties");
    pb.environment().putAll(env);
    Path out = data.resolve("out.txt");
    Path err = data.resolve("err.txt");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(3, TimeUnit.MINUTES)).as("the launcher ended").isTrue();
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  private static String tiered(Run r) {
    return r.out()
        .lines()
        .filter(l -> l.contains(" TieredStopAtLevel "))
        .findFirst()
        .orElseThrow()
        .replaceAll(".*= *([0-9]+).*", "$1");
  }

  private List<String> histories(int count, long bytesEach) throws IOException {
    List<String> files = new ArrayList<>(List.of("check"));
    for (int i = 0; i < count; i++) {
      Path f = data.resolve("h" + i + ".jsonl");
      if (bytesEach == 0) {
        Files.writeString(
            f,
            "{\"process\":0,\"type\":\"invoke\",\"f\":\"add\",\"value\":1}\n"
                + "{\"process\":0,\"type\":\"ok\",\"f\":\"add\",\"value\":1}\n"
                + "{\"process\":1,\"type\":\"invoke\",\"f\":\"read\"}\n"
                + "{\"process\":1,\"type\":\"ok\",\"f\":\"read\",\"value\":[1]}\n");
      } else {
        try (RandomAccessFile sparse = new RandomAccessFile(f.toFile(), "rw")) {
          sparse.setLength(bytesEach); // a hole: no disk used, and no history either
        }
      }
      files.add(f.toString());
    }
    files.addAll(List.of("--model", "set"));
    return files;
  }

  @Test
  void aCheckOfManySmallFilesStartsAsAShortRunAndOfMoreThan32MiBWithTheFullJit() throws Exception {
    Run small = launch(Map.of(), histories(60, 0));
    assertThat(small.exit()).as(small.err()).isZero();
    assertThat(small.out()).contains("h59.jsonl\tvalid");
    assertThat(tiered(small)).as("60 small files: C1 only").isEqualTo("1");

    // three files of 11 MiB: each under the limit, together over it
    Run large = launch(Map.of(), histories(3, 11L << 20));
    assertThat(large.exit()).as("zeros are no history").isEqualTo(Firedrill.CANNOT_RUN);
    assertThat(tiered(large)).as("33 MiB in all: the full JIT").isEqualTo("4");
  }

  @Test
  void aJavaHomeOlderThan21IsPassedOverForANewerJdk() throws Exception {
    // A JDK 17 as far as the launcher can tell: its release file and executables.
    Path old = data.resolve("jdk-17");
    Files.createDirectories(old.resolve("bin"));
    Files.writeString(old.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"17.0.15\"\n");
    for (String tool : List.of("java", "javac")) {
      Path exe = old.resolve("bin").resolve(tool);
      Files.writeString(exe, "#!/bin/sh\necho 'not to be run' >&2\nexit 99\n");
      Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    Path running = Path.of(System.getProperty("java.home")).toRealPath();
    String path = running.resolve("bin") + ":" + System.getenv("PATH");

    Run r = launch(Map.of("JAVA_HOME", old.toString(), "PATH", path), List.of("--version"));

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).doesNotContain("not to be run");
    assertThat(r.err()).contains("java.home = " + running);
    assertThat(r.out()).contains("firedrill ");
  }
}
