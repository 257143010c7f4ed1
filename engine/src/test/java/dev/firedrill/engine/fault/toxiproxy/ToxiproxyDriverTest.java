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
  void toxicNamesAreDeterministicSoACrashedRunCanBeHealedByName() {
    var latency = new Latency(List.of("db"), "1s", null, null, null);
    assertThat(ToxiproxyDriver.toxicName(latency, ToxicDirection.DOWNSTREAM))
        .isEqualTo("firedrill-latency-downstream");
    assertThat(
            ToxiproxyDriver.toxicName(
                new DataLimit(List.of("db"), 1L, null, null), ToxicDirection.UPSTREAM))
        .isEqualTo("firedrill-dataLimit-upstream");
  }

  @Test
  void onlyHttpUrlsAreToxiproxyUrls() {
    assertThatThrownBy(
            () -> ToxiproxyDriver.connect(URI.create("ftp://host:21"), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ftp://host:21");
    try (var driver =
        ToxiproxyDriver.connect(URI.create("http://toxiproxy:8474"), Duration.ofSeconds(1))) {
      assertThat(driver).isNotNull();
    }
  }
}
