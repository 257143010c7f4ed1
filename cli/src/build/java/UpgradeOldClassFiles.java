import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Build step of the CLI's shaded jar (cli/pom.xml, profile {@code class-data-sharing}): rewrites
 * every class file older than Java 6 (major version below 50) as a Java 8 class file (52) with the
 * stack maps the JDK's ClassFile API computes, and leaves every other entry byte for byte.
 *
 * <p>Why: the JDK's class-data sharing and its AOT cache (the start-up cache {@code ./firedrill}
 * makes) never store a class older than Java 6, so picocli's 228 classes (compiled for Java 5) are
 * parsed and checked by the old type-inferring verifier at every start of the CLI; that is about a
 * third of what {@code firedrill --version} or {@code lint} costs (docs/benchmarks.md, Start time of
 * the CLI). The bytecode itself is unchanged: only the version number and the StackMapTable
 * attributes that version requires. A class the API cannot rewrite stays as it was (and is said).
 *
 * <p>Needs JDK 24 or later (java.lang.classfile); run as a source file: {@code java
 * UpgradeOldClassFiles.java JAR}. The jar is replaced only once the new one is complete.
 */
public final class UpgradeOldClassFiles {

  private static final int OLDEST_SHAREABLE = 50;
  private static final int TARGET = 52;

  private UpgradeOldClassFiles() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: java UpgradeOldClassFiles.java JAR");
      System.exit(2);
    }
    Path jar = Path.of(args[0]);
    Path tmp = jar.resolveSibling(jar.getFileName() + ".upgrading");
    int upgraded = 0;
    int kept = 0;
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
        ZipFile in = new ZipFile(jar.toFile());
        ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(tmp))) {
      // Stack maps need the common supertypes of the jar's own classes: the JDK's first, then the
      // jar's, read as class files (nothing is loaded or initialised).
      ClassFile classFile =
          ClassFile.of(
              ClassFile.StackMapsOption.GENERATE_STACK_MAPS,
              ClassFile.ClassHierarchyResolverOption.of(
                  ClassHierarchyResolver.defaultResolver()
                      .orElse(ClassHierarchyResolver.ofResourceParsing(loader))));
      for (ZipEntry entry : Collections.list(in.entries())) {
        byte[] bytes;
        try (InputStream data = in.getInputStream(entry)) {
          bytes = data.readAllBytes();
        }
        if (entry.getName().endsWith(".class") && majorVersion(bytes) < OLDEST_SHAREABLE) {
          try {
            bytes = upgrade(classFile, bytes);
            upgraded++;
          } catch (RuntimeException e) {
            System.err.println("kept " + entry.getName() + " as it was: " + e.getMessage());
            kept++;
          }
        }
        ZipEntry copy = new ZipEntry(entry.getName());
        copy.setTime(entry.getTime());
        out.putNextEntry(copy);
        out.write(bytes);
        out.closeEntry();
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    if (upgraded == 0 || kept > 0) {
      // Silent when it did its work; the build log says when it did not.
      System.err.printf(
          "%s: %d class file(s) older than Java 6 rewritten as Java 8, %d kept as they were%n",
          jar.getFileName(), upgraded, kept);
    }
  }

  private static byte[] upgrade(ClassFile classFile, byte[] bytes) {
    ClassModel model = classFile.parse(bytes);
    // The version first, then every method body through a code builder, so that the API writes
    // each Code attribute anew, with the stack maps that a version-50+ class must carry.
    ClassTransform version =
        (builder, element) -> {
          if (element instanceof ClassFileVersion) {
            builder.withVersion(TARGET, 0);
          } else {
            builder.with(element);
          }
        };
    return classFile.transformClass(
        model, version.andThen(ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL)));
  }

  private static int majorVersion(byte[] bytes) {
    return bytes.length < 8 ? Integer.MAX_VALUE : ((bytes[6] & 0xff) << 8) | (bytes[7] & 0xff);
  }
}
