package dev.firedrill.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar's class files after the build's {@code UpgradeOldClassFiles} step (cli/pom.xml,
 * JDK 24+): none is older than Java 6, the rewritten ones (picocli's) pass the JVM's verifier, and
 * an AOT cache made from the jar holds picocli, which it never did while picocli was Java 5.
 */
class PackagedClassFilesIT {

  @Test
  void noClassFileIsOlderThanJava6AndTheRewrittenOnesVerify() throws Exception {
    assumeTrue(
        Runtime.version().feature() >= 24,
        "the build rewrites old class files only on JDK 24+ (java.lang.classfile)");
    List<String> old = new ArrayList<>();
    List<String> picocli = new ArrayList<>();
    try (ZipFile jar = new ZipFile(PackagedCli.JAR.toFile())) {
      for (ZipEntry entry : Collections.list(jar.entries())) {
        String name = entry.getName();
        if (!name.endsWith(".class") || name.startsWith("META-INF/")) {
          continue;
        }
        byte[] head;
        try (InputStream in = jar.getInputStream(entry)) {
          head = in.readNBytes(8);
        }
        int major = ((head[6] & 0xff) << 8) | (head[7] & 0xff);
        if (major < 50) {
          old.add(name + " (" + major + ")");
        }
        if (name.startsWith("picocli/")) {
          picocli.add(name.substring(0, name.length() - ".class".length()).replace('/', '.'));
        }
      }
    }
    assertThat(old).isEmpty();
    assertThat(picocli).hasSizeGreaterThan(100);
    // Initialising links each class, and linking verifies it: a wrong stack map is a VerifyError.
    try (URLClassLoader loader =
        new URLClassLoader(
            new URL[] {PackagedCli.JAR.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
      for (String name : picocli) {
        assertThat(Class.forName(name, true, loader).getClassLoader()).isSameAs(loader);
      }
    }
  }

  @Test
  void anAotCacheOfTheJarHoldsPicocli(@TempDir Path dir) throws Exception {
    assumeTrue(Runtime.version().feature() >= 25, "-XX:AOTCacheOutput needs JDK 25+");
    Path cache = dir.resolve("cli.aot");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String jar = PackagedCli.JAR.toString();

    Process training =
        run(dir, java, "-XX:AOTCacheOutput=" + cache, "-Xlog:aot=off", "-jar", jar, "--version");
    assertThat(training.exitValue()).isZero();
    assertThat(cache).isNotEmptyFile();
    Process cached =
        run(dir, java, "-XX:AOTCache=" + cache, "-Xlog:class+load=info", "-jar", jar, "--version");

    assertThat(cached.exitValue()).isZero();
    assertThat(Files.readString(dir.resolve("out.txt")))
        .contains("picocli.CommandLine source: shared objects file")
        .contains("firedrill ");
  }

  private static Process run(Path dir, String... command) throws Exception {
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("out.txt").toFile())
            .start();
    if (!p.waitFor(3, TimeUnit.MINUTES)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError(String.join(" ", command) + " did not end within 3 minutes");
    }
    return p;
  }
}
