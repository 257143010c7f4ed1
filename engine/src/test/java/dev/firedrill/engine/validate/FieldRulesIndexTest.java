package dev.firedrill.engine.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.firedrill.engine.model.DrillSpec;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The build writes the field rules into the jar ({@link FieldRulesIndex}) so a start reads no
 * annotation; what it wrote must be exactly what the annotations say, and anything it does not hold
 * must fall back to them.
 */
class FieldRulesIndexTest {

  enum Mode {
    @JsonProperty("fast-path")
    FAST,
    SLOW
  }

  record Awkward(
      @JsonProperty("wire-name")
          @JsonPropertyDescription("a tab\there, a newline\nthere, a backslash \\ and \\N")
          @Required
          @Min(-1.5)
          @Max(1e12)
          @Pattern("^a\\tb\\\\$")
          String field,
      @Size(min = 2) List<Map<String, Mode>> modes) {}

  record Other(String field) {}

  @Test
  void theIndexInTheJarHoldsExactlyWhatTheAnnotationsSayForEveryTypeOfADrill() {
    FieldRulesIndex index = FieldRulesIndex.loaded();
    List<Class<?>> types = reachable();

    assertThat(types).contains(DrillManifest.class, DrillSpec.class).hasSizeGreaterThan(40);
    for (Class<?> type : types) {
      if (type.isRecord()) {
        assertThat(index.rules(type)).as(type.getName()).contains(FieldRules.read(type));
      } else {
        for (Object constant : type.getEnumConstants()) {
          Enum<?> e = (Enum<?>) constant;
          assertThat(index.wireName(e))
              .as(type.getName() + "." + e.name())
              .contains(StructureCheck.reflectedWireName(e));
        }
      }
    }
  }

  @Test
  void textThatNeedsEscapingAndNullsAndBoundsSurviveTheFile() {
    FieldRulesIndex index = FieldRulesIndex.parse(FieldRulesIndex.write(List.of(Awkward.class)));

    Map<String, FieldRules> rules = index.rules(Awkward.class).orElseThrow();
    assertThat(rules).isEqualTo(FieldRules.read(Awkward.class));
    assertThat(rules.get("wire-name").description()).contains("\there", "\nthere", " \\ and \\N");
    assertThat(rules.get("wire-name").pattern()).isEqualTo("^a\\tb\\\\$");
    assertThat(rules.get("modes").minItems()).isEqualTo(2L);
    assertThat(rules.get("modes").pattern()).isNull();
    assertThat(index.wireName(Mode.FAST)).contains("fast-path");
    assertThat(index.wireName(Mode.SLOW)).contains("SLOW");
  }

  @Test
  void aRecordTheIndexDoesNotHoldOrHoldsOtherwiseFallsBackToItsAnnotations() {
    String text = FieldRulesIndex.write(List.of(Awkward.class));
    FieldRulesIndex renamed = FieldRulesIndex.parse(text.replace("\tfield\t", "\tfieldOld\t"));
    FieldRulesIndex fewer =
        FieldRulesIndex.parse(
            text.lines().filter(l -> !l.contains("\tmodes\t")).reduce("", (a, b) -> a + b + "\n"));

    assertThat(FieldRulesIndex.parse(text).rules(Other.class)).isEmpty();
    assertThat(renamed.rules(Awkward.class)).isEmpty();
    assertThat(fewer.rules(Awkward.class)).isEmpty();
    assertThat(FieldRulesIndex.parse("").wireName(Mode.FAST)).isEmpty();
    // What the loader calls: the index where it holds the record, the annotations elsewhere.
    assertThat(FieldRules.of(Other.class)).isEqualTo(FieldRules.read(Other.class));
    assertThat(StructureCheck.wireName(Mode.FAST)).isEqualTo("fast-path");
  }

  /** Every record and enum a drill file can hold, found by the index's own walk. */
  private static List<Class<?>> reachable() {
    return FieldRulesIndex.write(List.of(DrillManifest.class))
        .lines()
        .map(line -> line.split("\t")[1])
        .distinct()
        .map(FieldRulesIndexTest::load)
        .toList();
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name);
    } catch (ClassNotFoundException e) {
      throw new AssertionError(name, e);
    }
  }
}
