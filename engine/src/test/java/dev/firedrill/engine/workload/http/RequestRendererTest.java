package dev.firedrill.engine.workload.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.engine.model.RequestTemplate;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Where a rendered request goes: the workload's base URL, or the operation's own. */
class RequestRendererTest {

  private static final String WORKLOAD = "http://127.0.0.1:18080/";

  private static URI uri(String operationBaseUrl, String path) {
    RequestTemplate t =
        new RequestTemplate(null, operationBaseUrl, path, null, null, null, null, null, null);
    return RequestRenderer.render(
            WORKLOAD, t, Bindings.of("key", "k 1"), "00-trace-span-01", Duration.ofSeconds(1))
        .uri();
  }

  @Test
  void pathIsRelativeToTheWorkloadsBaseUrlByDefault() {
    assertThat(uri(null, "/entities/{{key}}"))
        .isEqualTo(URI.create("http://127.0.0.1:18080/entities/k%201"));
  }

  @Test
  void anOperationsOwnBaseUrlWins() {
    assertThat(uri("http://127.0.0.1:28081/", "/entities/{{key}}"))
        .isEqualTo(URI.create("http://127.0.0.1:28081/entities/k%201"));
    assertThat(uri("http://127.0.0.1:28081", "/payments"))
        .isEqualTo(URI.create("http://127.0.0.1:28081/payments"));
  }
}
