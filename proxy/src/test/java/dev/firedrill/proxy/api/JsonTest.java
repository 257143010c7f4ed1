package dev.firedrill.proxy.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.firedrill.proxy.toxic.Stream;
import dev.firedrill.proxy.toxic.Toxic;
import dev.firedrill.proxy.toxic.ToxicSpec;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void writesToxicsInToxiproxysFieldOrder() {
    ToxicSpec spec = new ToxicSpec("cut", Stream.UPSTREAM, 0.25, new Toxic.LimitData(10));
    assertThat(new String(Json.write(Json.toxic(spec)), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"attributes\":{\"bytes\":10},\"name\":\"cut\",\"type\":\"limit_data\","
                + "\"stream\":\"upstream\",\"toxicity\":0.25}");
  }

  @Test
  void writesErrorsAsToxiproxyDoes() {
    ApiException error = new ApiException(404, "proxy not found");
    assertThat(new String(Json.write(Json.error(error)), StandardCharsets.UTF_8))
        .isEqualTo("{\"error\":\"proxy not found\",\"status\":404}");
  }

  @Test
  void readsLikeGosDecoder() throws Exception {
    assertThatThrownBy(() -> Json.read(new ByteArrayInputStream(new byte[0])))
        .hasMessage("bad request body: EOF");
    assertThat(Json.read(body("{\"a\":1} trailing")).get("a").asInt()).isEqualTo(1);
    var object = Json.read(body("{\"enabled\":\"yes\"}"));
    assertThatThrownBy(() -> Json.bool(object, "enabled", true, "Proxy"))
        .hasMessage(
            "bad request body: json: cannot unmarshal string into Go struct field"
                + " Proxy.enabled of type bool");
    var fraction = Json.read(body("1.5"));
    assertThatThrownBy(() -> Json.integer(fraction, "latency"))
        .hasMessageContaining("attributes.latency of type int64");
  }

  @Test
  void refusesBodiesOverOneMebibyte() {
    byte[] big = new byte[Json.MAX_BODY_BYTES + 1];
    assertThatThrownBy(() -> Json.read(new ByteArrayInputStream(big)))
        .hasMessage("bad request body: http: request body too large");
  }

  private static ByteArrayInputStream body(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}
