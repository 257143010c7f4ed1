package dev.firedrill.engine.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plain-text and JSON log lines found by trace id, with their times and context lines. */
class LogLinesTest {

  private static final String A = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String B = "0af7651916cd43dd8448eb211c80319c";

  @TempDir Path logs;

  @Test
  void linesOfEveryServiceThatMentionATraceIdAreFoundWithTimeAndContext() throws Exception {
    Files.write(
        logs.resolve("orders.log"),
        List.of(
            "READY orders http://127.0.0.1:1",
            "2026-12-01T14:00:00.100+0000 INFO Fulfilments: orders accepted order o-1 trace_id="
                + A,
            "2026-12-01T14:00:00.200+0000 WARNING Fulfilments: orders dropped order o-1 trace_id="
                + A,
            "2026-12-01T14:00:00.300+0000 INFO Fulfilments: orders accepted order o-2 trace_id="
                + B));
    Files.write(
        logs.resolve("warehouse.log"),
        List.of(
            "{\"@timestamp\": \"2026-12-01T14:00:00.150Z\", \"msg\": \"stored\", \"trace_id\": \""
                + B.toUpperCase()
                + "\"}",
            "{\"ts\": 1795601541, \"msg\": \"other\"}"));
    Files.writeString(logs.resolve("notes.txt"), A);

    Map<String, List<LogLines.Line>> found = LogLines.find(logs, Set.of(A, B), 1);

    assertThat(found.get(A))
        .containsExactly(
            new LogLines.Line("orders", 1, "", "READY orders http://127.0.0.1:1", false),
            new LogLines.Line(
                "orders",
                2,
                "2026-12-01T14:00:00.100+0000",
                "2026-12-01T14:00:00.100+0000 INFO Fulfilments: orders accepted order o-1 trace_id="
                    + A,
                true),
            new LogLines.Line(
                "orders",
                3,
                "2026-12-01T14:00:00.200+0000",
                "2026-12-01T14:00:00.200+0000 WARNING Fulfilments: orders dropped order o-1 trace_id="
                    + A,
                true),
            new LogLines.Line(
                "orders",
                4,
                "2026-12-01T14:00:00.300+0000",
                "2026-12-01T14:00:00.300+0000 INFO Fulfilments: orders accepted order o-2 trace_id="
                    + B,
                false));
    assertThat(found.get(B))
        .extracting(
            LogLines.Line::service,
            LogLines.Line::number,
            LogLines.Line::time,
            LogLines.Line::match)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("orders", 3, "2026-12-01T14:00:00.200+0000", false),
            org.assertj.core.groups.Tuple.tuple("orders", 4, "2026-12-01T14:00:00.300+0000", true),
            org.assertj.core.groups.Tuple.tuple("warehouse", 1, "2026-12-01T14:00:00.150Z", true),
            org.assertj.core.groups.Tuple.tuple("warehouse", 2, "1795601541", false));
  }

  @Test
  void noLogsFolderFindsNothing() throws Exception {
    assertThat(LogLines.find(logs.resolve("none"), Set.of(A), 0)).isEmpty();
  }
}
