package dev.firedrill.proxy.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class HostPortTest {

  @Test
  void parsesToxiproxysAddressForms() {
    assertThat(HostPort.parse("127.0.0.1:8474")).isEqualTo(new HostPort("127.0.0.1", 8474));
    assertThat(HostPort.parse("[::1]:80")).isEqualTo(new HostPort("::1", 80));
    assertThat(HostPort.parse(":0")).isEqualTo(new HostPort("", 0));
    assertThat(HostPort.parse("")).isEqualTo(new HostPort("127.0.0.1", 0)); // not every interface
    assertThat(HostPort.parse("localhost:0")).isEqualTo(new HostPort("localhost", 0));
  }

  @Test
  void refusesAddressesWithoutAValidPort() {
    assertThatThrownBy(() -> HostPort.parse("db"))
        .hasMessage("address db: missing port in address");
    assertThatThrownBy(() -> HostPort.parse("db:http")).hasMessage("address db:http: invalid port");
    assertThatThrownBy(() -> HostPort.parse("db:70000"))
        .hasMessage("address db:70000: invalid port");
  }

  @Test
  void formatsBoundAddressesAsToxiproxyShowsThem() throws Exception {
    assertThat(HostPort.format(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 5)))
        .isEqualTo("127.0.0.1:5");
    assertThat(HostPort.format(new InetSocketAddress(InetAddress.getByName("::1"), 5)))
        .isEqualTo("[0:0:0:0:0:0:0:1]:5");
    assertThat(HostPort.format(new InetSocketAddress(5))).isEqualTo("[::]:5");
  }
}
