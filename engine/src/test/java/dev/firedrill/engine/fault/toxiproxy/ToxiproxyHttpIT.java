package dev.firedrill.engine.fault.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a run says when {@code toxiproxy.url} has no server: the JDK's connect errors carry no
 * message, so the error used to end in {@code populate: null}.
 */
class ToxiproxyHttpIT {

  @Test
  void aClosedPortSaysItCannotConnectAndWhatToCheck() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    ToxiproxyHttp http =
        new ToxiproxyHttp(URI.create("http://127.0.0.1:" + closed), Duration.ofSeconds(2), null);

    assertThatThrownBy(() -> http.populate(List.of()))
        .isInstanceOf(ToxiproxyException.class)
        .hasMessage(
            "POST http://127.0.0.1:"
                + closed
                + "/populate: cannot connect (connection refused): is a Toxiproxy server"
                + " listening at toxiproxy.url?")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("null"));
  }

  @Test
  void anUnknownHostSaysSo() {
    ToxiproxyHttp http =
        new ToxiproxyHttp(
            URI.create("http://no-such-host.invalid:8474"), Duration.ofSeconds(2), null);

    assertThatThrownBy(() -> http.populate(List.of()))
        .hasMessageContaining("/populate: cannot connect (")
        .hasMessageEndingWith("): is a Toxiproxy server listening at toxiproxy.url?")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("null"));
  }
}
