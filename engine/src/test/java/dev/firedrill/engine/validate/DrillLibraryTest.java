package dev.firedrill.engine.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every example is a test: each drill in drills/ loads with no problem and says what it proves. */
class DrillLibraryTest {

  static Stream<Path> drills() throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(Path.of("..", "drills"))) {
      files = walk.filter(p -> p.toString().matches(".*\\.ya?ml$")).sorted().toList();
    }
    assertThat(files).as("drill files under drills/").isNotEmpty();
    return files.stream();
  }

  @ParameterizedTest
  @MethodSource("drills")
  void drillIsValidAndDocumented(Path file) throws IOException {
    LoadResult result = new DrillLoader().loadFile(file);

    assertThat(result.problems()).extracting(Problem::format).isEmpty();
    assertThat(result.drills()).isNotEmpty();
    assertThat(result.drills()).allSatisfy(d -> assertThat(d.spec().description()).isNotBlank());
    String text = Files.readString(file);
    assertThat(text).as("editor schema modeline").contains("# yaml-language-server: $schema=");
  }
}
