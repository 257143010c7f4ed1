package dev.firedrill.engine.run;

import dev.firedrill.check.checker.Checker;
import dev.firedrill.check.checker.Result;
import dev.firedrill.check.history.History;
import dev.firedrill.check.history.Op;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A checker that takes the source's reads for reads. A workload that maps {@code readProjection}
 * records its plain reads as {@code read-source} (so convergence can tell the source of truth from
 * the projection); they are still reads of the system under test, and without this every checker
 * that reads {@code read} — noLostWrites, noDuplicates, linearizable, counter, ordering,
 * conservation — would see none of them and decide nothing. The projection's reads ({@code
 * read-projection}) stay out: a view that lags is convergence's concern, not a lost write.
 *
 * <p>A history without {@code read-source} goes to the checker as it is (for a history held as
 * columns, found without making its entries); else each {@code read-source} entry becomes a {@code
 * read} with the same index, time and everything else, so the evidence still names its line.
 */
public record SourceReads(Checker inner) implements Checker {

  static final String SOURCE = "read-source";
  static final String READ = "read";

  /** {@code checker}, taking source reads for reads when it reads {@code read} and not them. */
  public static Checker of(Checker checker) {
    return checker.reads().contains(READ) && !checker.reads().contains(SOURCE)
        ? new SourceReads(checker)
        : checker;
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public Set<String> reads() {
    Set<String> fs = new HashSet<>(inner.reads());
    fs.add(SOURCE);
    return Set.copyOf(fs);
  }

  @Override
  public Result check(History history) {
    if (history.columns().nameId(SOURCE) < 0) {
      return inner.check(history);
    }
    List<Op> ops =
        history.ops().stream()
            .map(o ->
                o.f().equals(SOURCE)
                    ? new Op(
                        o.index(),
                        o.time(),
                        o.process(),
                        o.type(),
                        READ,
                        o.key(),
                        o.value(),
                        o.idempotencyKey(),
                        o.traceId(),
                        o.error())
                    : o)
            .toList();
    return inner.check(History.of(ops));
  }
}
