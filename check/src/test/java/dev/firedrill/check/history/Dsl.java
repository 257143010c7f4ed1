package dev.firedrill.check.history;

import java.util.ArrayList;
import java.util.List;
import us.bpsm.edn.parser.Parser;
import us.bpsm.edn.parser.Parsers;

/**
 * A compact op DSL for hand-built histories. One string per op: {@code "PROCESS TYPE F [VALUE]
 * [key=K] [idem=I] [trace=T] [at=URL] [t=MS]"}, where PROCESS is a number or {@code n} (the
 * nemesis), TYPE is invoke/ok/fail/info, and VALUE is EDN ({@code 3}, {@code [1 2]}, {@code {"a"
 * 5}}, {@code nil}). Indices are positions; times default to the position in ms.
 */
public final class Dsl {
  private Dsl() {}

  public static History h(String... lines) {
    List<Op> ops = new ArrayList<>();
    for (String line : lines) {
      ops.add(op(ops.size(), line));
    }
    return History.of(ops);
  }

  public static Op op(long index, String line) {
    String[] t = line.trim().split("\\s+");
    int process = t[0].equals("n") ? Op.NEMESIS : Integer.parseInt(t[0]);
    String key = null;
    String idem = null;
    String trace = null;
    String endpoint = null;
    long time = index * 1_000_000L;
    StringBuilder value = new StringBuilder();
    for (int i = 3; i < t.length; i++) {
      if (t[i].startsWith("key=")) {
        key = t[i].substring(4);
      } else if (t[i].startsWith("idem=")) {
        idem = t[i].substring(5);
      } else if (t[i].startsWith("trace=")) {
        trace = t[i].substring(6);
      } else if (t[i].startsWith("at=")) {
        endpoint = t[i].substring(3);
      } else if (t[i].startsWith("t=")) {
        time = Long.parseLong(t[i].substring(2)) * 1_000_000L;
      } else {
        value.append(t[i]).append(' ');
      }
    }
    Object v = value.isEmpty() ? null : edn(value.toString());
    return new Op(
        index, time, process, OpType.fromWire(t[1]), t[2], key, v, idem, trace, null, endpoint);
  }

  public static Object edn(String text) {
    Parser p = Parsers.newParser(Parsers.defaultConfiguration());
    return EdnHistoryReader.plain(p.nextValue(Parsers.newParseable(text)));
  }
}
