package dev.firedrill.cluster.fault.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProxyTrafficTest {

  @Test
  void bytesAreSummedPerProxyOverBothDirectionsWhateverTheLabelOrder() {
    String page =
        """
        # HELP toxiproxy_proxy_received_bytes_total The number of bytes received from the client
        # TYPE toxiproxy_proxy_received_bytes_total counter
        toxiproxy_proxy_received_bytes_total{direction="upstream",listener="[::]:20000",proxy="payments",upstream="payments-firedrill-shadow.shop.svc:80"} 1.1e1
        toxiproxy_proxy_received_bytes_total{listener="[::]:20000",upstream="payments-firedrill-shadow.shop.svc:80",direction="downstream",proxy="payments"} 17
        toxiproxy_proxy_sent_bytes_total{direction="upstream",listener="[::]:20000",proxy="payments",upstream="x:80"} 99
        toxiproxy_proxy_received_bytes_total{direction="upstream",listener="[::]:20001",proxy="ledger",upstream="y:8080"} 0
        """;
    assertThat(ProxyTraffic.parse(page)).contains(Map.of("payments", 28L, "ledger", 0L));
  }

  @Test
  void aPageWithoutProxyCountersMeansUnknownNotZero() {
    assertThat(ProxyTraffic.parse("# only runtime metrics\ngo_goroutines 12\n")).isEmpty();
  }
}
