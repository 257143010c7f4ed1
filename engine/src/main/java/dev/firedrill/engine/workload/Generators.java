package dev.firedrill.engine.workload;

import dev.firedrill.engine.model.Workload;
import dev.firedrill.engine.trace.TraceContext;
import dev.firedrill.engine.workload.http.Bindings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The generator of each workload type, in the vocabulary the checkers read (docs/checkers.md): set
 * {@code add}/{@code read}; register and kv {@code read}/{@code write}/{@code cas} with cas values
 * {@code [expected, new]}, or for a kv workload that maps {@code append}, {@code read}/{@code
 * write}/{@code append} of strings unique per operation (the string kv model); queue {@code
 * enqueue}/{@code dequeue}/{@code drain}; counter {@code add}/{@code read}; bank {@code
 * transfer}/{@code read}; events {@code append}/{@code read}. Every workload that maps {@code
 * readProjection} also issues it, as {@code read-projection}, for convergence. Elements and
 * register values are text, so a value written as {@code "7"} and read back as {@code 7} compare
 * equal after the recorder normalises reads.
 */
public final class Generators {

  /** One read for every this many operations. */
  static final int READ_EVERY = 10;

  private Generators() {}

  /** The generator for {@code workload}; {@code runId} makes idempotency keys unique per run. */
  public static Generator of(Workload workload, String runId) {
    int keys = workload.keys() == null ? 5 : workload.keys();
    boolean projection = workload.operations().containsKey("readProjection");
    boolean cas = workload.operations().containsKey("cas");
    Base base = new Base(runId, keys, projection);
    return switch (workload.type()) {
      case SET -> base.new SetGen();
      case REGISTER -> base.new RegisterGen(1, Mix.of(workload, cas), workload.valuesOrDefault());
      case KV ->
          workload.operations().containsKey("append")
              ? base.new AppendGen()
              : base.new RegisterGen(keys, Mix.of(workload, cas), workload.valuesOrDefault());
      case QUEUE -> base.new QueueGen(workload.operations().containsKey("drain"));
      case COUNTER -> base.new CounterGen();
      case BANK -> base.new BankGen();
      case EVENTS -> base.new EventsGen();
    };
  }

  /** What every generator shares: unique ids, keys, and the projection read. */
  private static final class Base {
    final String runId;
    final int keys;
    final boolean projection;
    final AtomicLong counter = new AtomicLong();
    final AtomicLong elements = new AtomicLong();

    Base(String runId, int keys, boolean projection) {
      this.runId = runId;
      this.keys = keys;
      this.projection = projection;
    }

    String key(int i) {
      return "k" + i;
    }

    Invocation op(
        String operation, String f, String key, Object value, int process, String... more) {
      long n = counter.incrementAndGet();
      String idem = runId + "-" + n;
      List<String> b =
          new ArrayList<>(
              List.of(
                  "key",
                  key == null ? "" : key,
                  "value",
                  value == null ? "" : String.valueOf(value),
                  "idempotencyKey",
                  idem,
                  "process",
                  Integer.toString(process)));
      b.addAll(List.of(more));
      return new Invocation(
          operation,
          f,
          key,
          value,
          idem,
          Bindings.of(b.toArray(String[]::new)),
          TraceContext.newTraceId());
    }

    /** A projection read instead of a plain one, one time in three, when mapped. */
    Invocation read(String key, int process, SplittableRandom r) {
      if (projection && r.nextInt(3) == 0) {
        return op("readProjection", "read-projection", key, null, process);
      }
      return op("read", projection ? "read-source" : "read", key, null, process);
    }

    List<Invocation> finalReads(List<String> keysToRead) {
      List<Invocation> reads = new ArrayList<>();
      for (String k : keysToRead) {
        reads.add(op("read", projection ? "read-source" : "read", k, null, -1));
        if (projection) {
          reads.add(op("readProjection", "read-projection", k, null, -1));
        }
      }
      return reads;
    }

    final class SetGen implements Generator {
      @Override
      public Invocation next(int process, SplittableRandom r) {
        return r.nextInt(READ_EVERY) == 0
            ? read("set", process, r)
            : op("add", "add", "set", "e" + elements.incrementAndGet(), process);
      }

      @Override
      public List<Invocation> finalReads() {
        return Base.this.finalReads(List.of("set"));
      }
    }

    /**
     * Reads, writes and cas in the proportions of the workload's mix (default an equal share of
     * each mapped one), of values drawn from 0 to {@code values - 1} (default 0 to 4).
     */
    final class RegisterGen implements Generator {
      private final int registers;
      private final Mix mix;
      private final int values;

      RegisterGen(int registers, Mix mix, int values) {
        this.registers = registers;
        this.mix = mix;
        this.values = values;
      }

      @Override
      public Invocation next(int process, SplittableRandom r) {
        String key = registers == 1 ? "r" : key(r.nextInt(registers));
        Mix.Kind choice = mix.draw(r);
        String v = Integer.toString(r.nextInt(values));
        return switch (choice) {
          case READ -> read(key, process, r);
          case WRITE -> op("write", "write", key, v, process);
          case CAS -> {
            String expected = Integer.toString(r.nextInt(values));
            Invocation i =
                op("cas", "cas", key, List.of(expected, v), process, "expected", expected);
            yield new Invocation(
                i.operation(),
                i.f(),
                i.key(),
                i.value(),
                i.idempotencyKey(),
                withValue(i.bindings(), v),
                i.traceId());
          }
        };
      }

      @Override
      public List<Invocation> finalReads() {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < registers; i++) {
          all.add(registers == 1 ? "r" : key(i));
        }
        return Base.this.finalReads(all);
      }
    }

    /**
     * A string per key: reads, writes (put) and appends, appends the most frequent so that strings
     * grow between writes. Each written or appended value is unique ({@code v17;}: a letter, the
     * number, a terminator, so that no value is part of another), which lets the checker tell a
     * lost append from a duplicated one.
     */
    final class AppendGen implements Generator {
      @Override
      public Invocation next(int process, SplittableRandom r) {
        String key = key(r.nextInt(keys));
        int choice = r.nextInt(6);
        if (choice < 2) {
          return read(key, process, r);
        }
        String v = "v" + elements.incrementAndGet() + ";";
        return choice == 2
            ? op("write", "write", key, v, process)
            : op("append", "append", key, v, process);
      }

      @Override
      public List<Invocation> finalReads() {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < keys; i++) {
          all.add(key(i));
        }
        return Base.this.finalReads(all);
      }
    }

    final class QueueGen implements Generator {
      private final boolean drain;

      QueueGen(boolean drain) {
        this.drain = drain;
      }

      @Override
      public Invocation next(int process, SplittableRandom r) {
        return r.nextBoolean()
            ? op("enqueue", "enqueue", "queue", "m" + elements.incrementAndGet(), process)
            : op("dequeue", "dequeue", "queue", null, process);
      }

      @Override
      public List<Invocation> finalReads() {
        return drain ? List.of(op("drain", "drain", "queue", null, -1)) : List.of();
      }
    }

    final class CounterGen implements Generator {
      @Override
      public Invocation next(int process, SplittableRandom r) {
        return r.nextInt(READ_EVERY) == 0
            ? read("counter", process, r)
            : op("add", "add", "counter", 1 + r.nextInt(5), process);
      }

      @Override
      public List<Invocation> finalReads() {
        return Base.this.finalReads(List.of("counter"));
      }
    }

    final class BankGen implements Generator {
      @Override
      public Invocation next(int process, SplittableRandom r) {
        if (r.nextInt(READ_EVERY) == 0) {
          return read("accounts", process, r);
        }
        int from = r.nextInt(keys);
        int to = (from + 1 + r.nextInt(Math.max(1, keys - 1))) % keys;
        int amount = 1 + r.nextInt(5);
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("from", key(from));
        value.put("to", key(to));
        value.put("amount", amount);
        return op(
            "transfer",
            "transfer",
            null,
            value,
            process,
            "from",
            key(from),
            "to",
            key(to),
            "amount",
            Integer.toString(amount));
      }

      @Override
      public List<Invocation> finalReads() {
        return Base.this.finalReads(List.of("accounts"));
      }
    }

    final class EventsGen implements Generator {
      private final Map<String, AtomicLong> seqs = new ConcurrentHashMap<>();

      @Override
      public Invocation next(int process, SplittableRandom r) {
        String entity = key(r.nextInt(keys));
        if (r.nextInt(READ_EVERY) == 0) {
          return read(entity, process, r);
        }
        long seq = seqs.computeIfAbsent(entity, e -> new AtomicLong()).incrementAndGet();
        return op("append", "append", entity, seq, process, "seq", Long.toString(seq));
      }

      @Override
      public List<Invocation> finalReads() {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < keys; i++) {
          all.add(key(i));
        }
        return Base.this.finalReads(all);
      }
    }
  }

  private static Bindings withValue(Bindings b, String value) {
    Map<String, String> m = new LinkedHashMap<>(b.values());
    m.put("value", value);
    return new Bindings(m);
  }
}
