package dev.firedrill.check.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlHistoryTest {
  @TempDir Path dir;

  @Test
  void writesOneFlushedLinePerOpAndReadsItBack() throws IOException {
    Path file = dir.resolve("history.jsonl");
    Op add =
        new Op(9, 1500, 3, OpType.OK, "add", "cart-1", List.of(1L, "x"), "idem-1", "trace-1", null);
    Op fault =
        new Op(
            0, 2000, Op.NEMESIS, OpType.INFO, "inject", null, Map.of("pod", "a"), null, null, "b");
    Op invoke = new Op(5, 1000, 3, OpType.INVOKE, "add", "cart-1", 1L, null, null, null);
    try (JsonlHistoryWriter w = JsonlHistoryWriter.open(file)) {
      assertThat(w.append(invoke).index()).isZero();
      assertThat(w.append(add).index()).isOne();
      w.append(fault);
      // Flushed as it goes: every line is on disk while the writer is open.
      assertThat(Files.readAllLines(file))
          .containsExactly(
              "{\"index\":0,\"time\":1000,\"process\":3,\"type\":\"invoke\",\"f\":\"add\","
                  + "\"key\":\"cart-1\",\"value\":1}",
              "{\"index\":1,\"time\":1500,\"process\":3,\"type\":\"ok\",\"f\":\"add\",\"key\":\"cart-1\","
                  + "\"value\":[1,\"x\"],\"idempotencyKey\":\"idem-1\",\"traceId\":\"trace-1\"}",
              "{\"index\":2,\"time\":2000,\"process\":\"nemesis\",\"type\":\"info\",\"f\":\"inject\","
                  + "\"value\":{\"pod\":\"a\"},\"error\":\"b\"}");
    }
    History read = JsonlHistoryReader.read(file);
    assertThat(read.ops())
        .containsExactly(invoke.withIndex(0), add.withIndex(1), fault.withIndex(2));
  }

  @Test
  void sharesOneStringPerKeyAndFunctionAndKeepsEveryText() throws IOException {
    StringBuilder jsonl = new StringBuilder();
    for (int i = 0; i < 3000; i++) {
      String key =
          i % 3 == 0
              ? "\"k" + (i % 700) + "\""
              : i % 3 == 1 ? Integer.toString(i % 5) : "\"é" + i + "\"";
      jsonl
          .append("{\"process\":0,\"type\":\"invoke\",\"f\":\"f")
          .append(i % 4)
          .append("\",\"key\":")
          .append(key)
          .append("}\n");
    }
    List<Op> ops = new ArrayList<>();
    JsonlHistoryReader.stream(new StringReader(jsonl.toString()), ops::add);
    for (int i = 0; i < 3000; i++) {
      String key = i % 3 == 0 ? "k" + (i % 700) : i % 3 == 1 ? Integer.toString(i % 5) : "é" + i;
      assertThat(ops.get(i).key()).isEqualTo(key);
      assertThat(ops.get(i).f()).isEqualTo("f" + i % 4);
    }
    assertThat(ops.get(4).f()).isSameAs(ops.get(0).f());
    assertThat(ops.get(2100).key()).isSameAs(ops.get(0).key());
  }

  @Test
  void manyThreadsAppendWithoutLosingOrInterleavingLines() throws Exception {
    Path file = dir.resolve("concurrent.jsonl");
    try (JsonlHistoryWriter w = JsonlHistoryWriter.open(file)) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      for (int p = 0; p < 4; p++) {
        int process = p;
        pool.submit(() -> {
          for (int i = 0; i < 500; i++) {
            w.append(new Op(0, i, process, OpType.INVOKE, "add", null, (long) i, null, null, null));
          }
        });
      }
      pool.shutdown();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
    List<Op> ops = JsonlHistoryReader.read(file).ops();
    assertThat(ops).hasSize(2000);
    for (int i = 0; i < ops.size(); i++) {
      assertThat(ops.get(i).index()).isEqualTo(i);
    }
  }

  @Test
  void aMissingIndexIsThePositionAndUnknownFieldsAreSkipped() throws IOException {
    List<Op> ops = new ArrayList<>();
    JsonlHistoryReader.stream(
        new StringReader(
            "{\"process\":0,\"type\":\"invoke\",\"f\":\"read\",\"extra\":{\"a\":[1]}}\n"
                + "{\"process\":0,\"type\":\"ok\",\"f\":\"read\",\"value\":5.5}\n"),
        ops::add);
    assertThat(ops).extracting(Op::index).containsExactly(0L, 1L);
    assertThat(ops.get(1).value()).isEqualTo(5.5);
  }

  @Test
  void aMalformedLineIsReportedWithItsNumber() {
    assertThatThrownBy(() ->
            JsonlHistoryReader.stream(
                new StringReader(
                    "{\"process\":0,\"type\":\"invoke\",\"f\":\"read\"}\n{\"process\":0,\"type\":\"done\",\"f\":\"read\"}"),
                op -> {}))
        .isInstanceOf(HistoryFormatException.class)
        .hasMessageContaining("line 2")
        .hasMessageContaining("unknown op type 'done'");
    assertThatThrownBy(() ->
            JsonlHistoryReader.stream(
                new StringReader("{\"type\":\"ok\",\"f\":\"read\"}"), op -> {}))
        .isInstanceOf(HistoryFormatException.class)
        .hasMessageContaining("needs type, f and process");
    assertThatThrownBy(() -> JsonlHistoryReader.stream(new StringReader("{\"process\":"), op -> {}))
        .isInstanceOf(HistoryFormatException.class)
        .hasMessageContaining("line 1");
  }

  @Test
  void readingInPartsSideBySideGivesTheSequentialResult() throws IOException {
    java.util.Random random = new java.util.Random(7);
    Path file = dir.resolve("parts.jsonl");
    List<Op> written = new ArrayList<>();
    try (JsonlHistoryWriter w = JsonlHistoryWriter.open(file)) {
      for (int i = 0; i < 5000; i++) {
        Object value =
            switch (random.nextInt(7)) {
              case 0 -> null;
              case 1 -> (long) random.nextInt(1000);
              case 2 -> List.of(1L, 2L, (long) i);
              case 3 -> List.of();
              case 4 -> List.of(3L, "x" + i, List.of(4L));
              case 5 -> Map.of("idempotencyKey", "k" + i);
              default -> "text " + i;
            };
        int process = random.nextInt(20) == 0 ? Op.NEMESIS : random.nextInt(8);
        OpType type = OpType.values()[random.nextInt(4)];
        String key = random.nextBoolean() ? null : "key-" + random.nextInt(30);
        String f = new String[] {"add", "read", "cas", "kill"}[random.nextInt(4)];
        String idem = random.nextInt(3) == 0 ? "idem-" + i : null;
        String trace = random.nextInt(3) == 0 ? "trace-" + i : null;
        String error = random.nextInt(10) == 0 ? "timeout" : null;
        written.add(w.append(new Op(0, i * 10L, process, type, f, key, value, idem, trace, error)));
      }
    }
    List<Op> sequential = JsonlHistoryReader.readColumns(file, 1).ops();
    assertThat(sequential).isEqualTo(written);
    for (int parts = 2; parts <= 9; parts++) {
      HistoryColumns columns = JsonlHistoryReader.readColumns(file, parts);
      assertThat(columns.ops()).as("%d parts", parts).isEqualTo(written);
      assertThat(columns.pairs()).isEqualTo(HistoryColumns.of(written).pairs());
    }
    // A history without indices: each op gets its position in the whole file.
    Path bare = dir.resolve("bare.jsonl");
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 3000; i++) {
      lines.append("{\"process\":").append(i % 5).append(",\"type\":\"invoke\",\"f\":\"read\"}\n");
    }
    Files.writeString(bare, lines);
    List<Op> ops = JsonlHistoryReader.readColumns(bare, 4).ops();
    for (int i = 0; i < ops.size(); i++) {
      assertThat(ops.get(i).index()).isEqualTo(i);
    }
  }

  @Test
  void aMalformedLineInALaterPartIsReportedWithItsLineInTheFile() throws IOException {
    Path file = dir.resolve("broken.jsonl");
    StringBuilder lines = new StringBuilder();
    for (int i = 1; i <= 4000; i++) {
      lines
          .append("{\"process\":0,\"type\":\"")
          .append(i == 3500 ? "done" : "invoke")
          .append("\",\"f\":\"read\"}\n");
    }
    Files.writeString(file, lines);
    for (int parts = 1; parts <= 4; parts++) {
      int p = parts;
      assertThatThrownBy(() -> JsonlHistoryReader.readColumns(file, p))
          .isInstanceOf(HistoryFormatException.class)
          .hasMessage("line 3500: unknown op type 'done' (expected invoke, ok, fail or info)");
    }
  }
}
