package dev.firedrill.engine.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.engine.model.ReportSpec;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Links for the run's trace ids, in text only, in the shapes of Jaeger, Tempo and Zipkin. */
class TraceLinksTest {

  private static final String ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String OTHER = "00000000000000000000000000000abc";

  private static String page(String body) {
    return "<html><head><title>"
        + ID
        + "</title><style>x{}</style></head><body>"
        + body
        + "</body></html>";
  }

  @Test
  void theRunsTraceIdsBecomeLinksOutsideTagsTitleAndExistingLinks() {
    String html =
        page(
            "<p>trace "
                + ID
                + ", checksum "
                + OTHER
                + "</p><code title=\""
                + ID
                + "\">"
                + ID
                + "</code><a href=\"x\">"
                + ID
                + "</a>");

    String out =
        TraceLinks.apply(
            html, new ReportSpec("http://jaeger:16686/trace/{{traceId}}", null, null), Set.of(ID));

    String link = "<a class=\"trace\" href=\"http://jaeger:16686/trace/" + ID + "\">" + ID + "</a>";
    assertThat(out)
        .isEqualTo(
            page(
                "<p>trace "
                    + link
                    + ", checksum "
                    + OTHER
                    + "</p><code title=\""
                    + ID
                    + "\">"
                    + link
                    + "</code><a href=\"x\">"
                    + ID
                    + "</a>"));
  }

  @Test
  void withNoTraceUrlThePageIsUnchanged() {
    String html = page("<p>" + ID + "</p>");
    assertThat(TraceLinks.apply(html, ReportSpec.DEFAULT, Set.of(ID))).isSameAs(html);
  }

  @Test
  void tempoAndZipkinShapesAreFilledInAndEscaped() {
    assertThat(
            TraceLinks.url(
                "http://grafana:3000/explore?left={\"queries\":[{\"query\":\"{{traceId}}\"}]}&orgId=1",
                ID))
        .isEqualTo(
            "http://grafana:3000/explore?left={&quot;queries&quot;:[{&quot;query&quot;:&quot;"
                + ID
                + "&quot;}]}&amp;orgId=1");
    assertThat(TraceLinks.url("http://zipkin:9411/zipkin/traces/{{traceId}}", ID))
        .isEqualTo("http://zipkin:9411/zipkin/traces/" + ID);
  }
}
