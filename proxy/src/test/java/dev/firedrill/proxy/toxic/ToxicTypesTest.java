package dev.firedrill.proxy.toxic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ToxicTypesTest {

  @Test
  void everyTypeIsBuiltFromItsZeroAttributesExceptTheSlicer() {
    for (String type : ToxicTypes.NAMES) {
      if (type.equals("slicer")) {
        continue;
      }
      Toxic toxic = ToxicTypes.create(type, ToxicTypes.zeroAttributes(type));
      assertThat(toxic.type()).isEqualTo(type);
      assertThat(toxic.attributes().keySet())
          .containsExactlyElementsOf(ToxicTypes.zeroAttributes(type).keySet());
    }
  }

  @Test
  void aSlicerNeedsAPositiveAverageAndASmallerVariation() {
    // Toxiproxy accepts these and then panics slicing (rand.Intn(0)): we refuse them.
    assertThatThrownBy(() -> ToxicTypes.create("slicer", ToxicTypes.zeroAttributes("slicer")))
        .hasMessage("attribute average_size must be between 1 and 1073741824, got 0");
    assertThatThrownBy(() -> new Toxic.Slicer(10, 10, 0))
        .hasMessageContaining("size_variation must be between 0 and 9");
    assertThat(new Toxic.Slicer(10, 9, 0).attributes())
        .containsExactly(
            Map.entry("average_size", 10L),
            Map.entry("size_variation", 9L),
            Map.entry("delay", 0L));
  }

  @Test
  void negativeAndAbsurdValuesAreRefused() {
    assertThatThrownBy(() -> new Toxic.Latency(-1, 0)).hasMessageContaining("latency");
    assertThatThrownBy(() -> new Toxic.Latency(0, Toxic.MAX_MILLIS + 1))
        .hasMessageContaining("jitter");
    assertThatThrownBy(() -> new Toxic.Bandwidth(-5)).hasMessageContaining("rate");
    assertThatThrownBy(() -> new Toxic.Timeout(-1)).hasMessageContaining("timeout");
    assertThatThrownBy(() -> new Toxic.LimitData(-1)).hasMessageContaining("bytes");
  }

  @Test
  void toxicityIsAProbability() {
    Toxic latency = new Toxic.Latency(1, 0);
    assertThatThrownBy(() -> new ToxicSpec("x", Stream.UPSTREAM, 1.01, latency))
        .hasMessageContaining("toxicity");
    assertThatThrownBy(() -> new ToxicSpec("x", Stream.UPSTREAM, Double.NaN, latency))
        .hasMessageContaining("toxicity");
    assertThat(new ToxicSpec("x", Stream.UPSTREAM, 0, latency).toxicity()).isZero();
  }

  @Test
  void anUpdateKeepsTheToxicsIdentityAndANewToxicGetsItsOwn() {
    ToxicSpec cap = new ToxicSpec("cap", Stream.DOWNSTREAM, 1, new Toxic.LimitData(10));
    ToxicSpec updated = cap.withToxic(new Toxic.LimitData(20), 0.5);
    ToxicSpec again = new ToxicSpec("cap", Stream.DOWNSTREAM, 1, new Toxic.LimitData(10));
    assertThat(updated.id()).isEqualTo(cap.id());
    assertThat(again.id()).isNotEqualTo(cap.id());
    assertThat(again).isNotEqualTo(cap);
  }

  @Test
  void unknownTypesAreUnknown() {
    assertThat(ToxicTypes.known("latency")).isTrue();
    assertThat(ToxicTypes.known("http")).isFalse();
    assertThatThrownBy(() -> ToxicTypes.create("http", Map.of())).hasMessage("invalid toxic type");
  }

  @Test
  void streamsParseOnlyTheirWireNames() {
    assertThat(Stream.parse("upstream")).isEqualTo(Stream.UPSTREAM);
    assertThat(Stream.parse("downstream")).isEqualTo(Stream.DOWNSTREAM);
    assertThat(Stream.parse("both")).isNull();
  }
}
