package dev.firedrill.engine.fault.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firedrill.engine.model.DataLimit;
import dev.firedrill.engine.model.Latency;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToxiproxyDriverTest {

  @Test
  void toxicNamesCarryTheOccurrenceSoOverlappingFaultsNeverShareOne() {
    var latency = new Latency(List.of("db"), "1s", null, null, null);
    assertThat(ToxiproxyDriver.toxicName("slow#0", latency, ToxicDirection.DOWNSTREAM))
        .isEqualTo("firedrill-slow-0-latency-downstream");
    assertThat(ToxiproxyDriver.toxicName("slow#1", latency, ToxicDirection.DOWNSTREAM))
        .isNotEqualTo(ToxiproxyDriver.toxicName("slow#0", latency, ToxicDirection.DOWNSTREAM));
    assertThat(
            ToxiproxyDriver.toxicName(
                "cap#12", new DataLimit(List.of("db"), 1L, null, null), ToxicDirection.UPSTREAM))
        .isEqualTo("firedrill-cap-12-dataLimit-upstream");
  }

  @Test
  void onlyHttpUrlsAreToxiproxyUrls() {
    assertThatThrownBy(
            () -> ToxiproxyDriver.connect(URI.create("ftp://host:21"), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ftp://host:21");
    try (var driver =
        ToxiproxyDriver.connect(URI.create("http://toxiproxy"), Duration.ofSeconds(1))) {
      assertThat(driver.url())
          .as("the default port")
          .isEqualTo(URI.create("http://toxiproxy:8474"));
    }
  }
}
